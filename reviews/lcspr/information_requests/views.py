"""The LCSPR's requests to agencies on its pages: the step page that asks (added to the
LCSPR's step pages, reviews/lcspr/views.py STEPS) and the rows its page lists."""

from django.http import HttpRequest

from reviews.rapid_review.models import InformationReturn
from reviews.rapid_review.services import default_return_due
from safeguarding.dates import today
from safeguarding.models import User

from ..models import Lcspr
from . import forms, selectors, services
from .workflow import ASK


def _request_form(request: HttpRequest, lcspr: Lcspr) -> forms.InformationRequestForm:
    return forms.InformationRequestForm(
        request.POST or None, agencies=selectors.agencies_to_ask(lcspr),
        initial={"due_on": default_return_due(today())})


STEPS = {
    "information-requests": (ASK, _request_form,
                             lambda lcspr, user, data: services.send_lcspr_information_requests(
                                 lcspr=lcspr, actor=user, **data)),
}


def request_rows(lcspr: Lcspr, user: User) -> list[tuple[InformationReturn, bool]]:
    """Each agency asked for the review, with whether this person may open its return (its
    agency's contributors; the reviewer and the governance group once it is submitted)."""
    return [(item, user.has_perm("reviews.view_information_return", item))
            for item in selectors.requests_of(lcspr)]
