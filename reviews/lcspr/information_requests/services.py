"""The LCSPR asks agencies for information: each agency its own return, reusing the rapid
review's (reviews.rapid_review.services.make_return), linked to the review, due on the date
the business unit chooses."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from reviews.rapid_review.models import InformationReturn
from reviews.rapid_review.services import asks_named_agencies, default_return_due, make_return
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.models import Agency, Role, User

from ..models import Lcspr
from .workflow import ASK


@workflow.atomic()
def send_lcspr_information_requests(*, lcspr: Lcspr, actor: User, agencies: Iterable[Agency],
                                    due_on: date, asked_for: str) -> list[InformationReturn]:
    """Ask each agency for information for the review (004 section 8.6; 002 section 9), by
    ``due_on`` (003: the agency responds within the timescale the request sets out), saying
    what the review asks for (``asked_for``: the agency reads it on its return; the email
    names only the case). An agency already asked for this review is not asked twice; the
    rapid review's returns are its own. Returns the new requests."""
    workflow.check(lcspr, ASK, actor)
    requested_on = today()
    if due_on <= requested_on:
        raise ValidationError("The date the information is due must be after today")
    words = asked_for.strip()
    if not words:
        raise ValidationError("Enter what the review asks the agencies for")
    asked = set(InformationReturn.objects.filter(lcspr=lcspr).values_list("agency_id",
                                                                         flat=True))
    made = []
    for agency in agencies:
        if agency.pk in asked or not agency.is_active:
            continue
        asked.add(agency.pk)
        made.append(make_return(review=lcspr.case.rapid_review, agency=agency, actor=actor,
                                requested_on=requested_on, due_on=due_on, lcspr=lcspr,
                                asked_for=words))
    if not made:
        raise ValidationError("Choose at least one agency that has not been asked yet")
    workflow.perform(lcspr, ASK, actor=actor, reason=(
        f"{', '.join(item.agency.name for item in made)} asked for information for the LCSPR "
        f"by {due_on:%-d %B %Y}"))
    transaction.on_commit(lambda: _queue_request_emails([item.pk for item in made]))
    return made


def ask_named_agency(*, naming: InformationReturn, agency: Agency, actor: User,
                     due_on: date | None) -> InformationReturn | None:
    """An agency named in a return the review asked for, approved by the business unit: asked
    for the review too, for what the naming return was asked (None for another return)."""
    if naming.lcspr_id is None:
        return None
    lcspr = Lcspr.objects.select_related("case__rapid_review").get(pk=naming.lcspr_id)
    existing = InformationReturn.objects.filter(lcspr=lcspr, agency=agency).first()
    return existing or send_lcspr_information_requests(
        lcspr=lcspr, actor=actor, agencies=[agency],
        due_on=due_on or default_return_due(today()), asked_for=naming.asked_for)[0]


asks_named_agencies(ask_named_agency)


def _queue_request_emails(return_ids: list[int]) -> None:
    from . import tasks

    for pk in return_ids:
        tasks.email_lcspr_information_request.delay(pk)


def email_lcspr_information_request(*, information_return: InformationReturn) -> None:
    """Tell the agency's contributors that the review asks for information: the case
    reference and the due date only, never a name or what is asked (that is on the return)."""
    from django.conf import settings
    from django.core.mail import send_mail

    people = User.objects.filter(agency=information_return.agency, is_active=True,
                                 role=Role.AGENCY_CONTRIBUTOR)
    if not people:
        return
    reference = information_return.review.case.reference
    link = settings.SITE_URL.rstrip("/") + information_return.get_absolute_url()
    send_mail(
        subject=f"Information requested for the LCSPR {reference}",
        message=(f"The safeguarding partnership asks {information_return.agency.name} for "
                 f"information for the local child safeguarding practice review (LCSPR) of "
                 f"case {reference}.\n\n"
                 f"Due: {information_return.due_on:%A %-d %B %Y}\n\n"
                 f"What is asked for, and where to answer: {link}\n"),
        from_email=None, recipient_list=[person.email for person in people],
    )
