"""The report's step pages, added to the LCSPR's (reviews/lcspr/views.py STEPS): each the
transition it makes, its form, and the service it calls with the form's data."""

from django.http import HttpRequest

from safeguarding.dates import today

from ..forms import ChosenRowForm
from ..models import Lcspr
from . import forms, services
from .selectors import report_of
from .workflow import current_version


def _version_form(request: HttpRequest, lcspr: Lcspr) -> forms.VersionForm:
    return forms.VersionForm(request.POST or None, request.FILES or None,
                             initial={"received_on": today()})


def _sign_off_form(request: HttpRequest, lcspr: Lcspr) -> forms.SignOffForm:
    version = current_version(lcspr)
    return forms.SignOffForm(request.POST or None, shown=version, initial={
        "version_number": version.number if version else None, "signed_on": today()})


def _decline_form(request: HttpRequest, lcspr: Lcspr) -> forms.DeclineForm:
    version = current_version(lcspr)
    return forms.DeclineForm(request.POST or None, shown=version, initial={
        "version_number": version.number if version else None, "declined_on": today()})


def _change_recommendation_form(request: HttpRequest,
                                lcspr: Lcspr) -> forms.ChangeRecommendationForm:
    """Filled in with the recommendation chosen on the review's page (?recommendation=)."""
    rows = lcspr.report_recommendations.order_by("number")
    chosen = ChosenRowForm(request.GET, name="recommendation", rows=rows).chosen()
    initial = {"recommendation": chosen, "what": chosen.what, "due_on": chosen.due_on,
               "agencies": list(chosen.agencies.all())} if chosen else {}
    return forms.ChangeRecommendationForm(request.POST or None, recommendations=rows,
                                          initial=initial)


def _keep_form(request: HttpRequest, lcspr: Lcspr) -> forms.KeepHitForm:
    report = report_of(lcspr)
    return forms.KeepHitForm(request.POST or None,
                             hits=report.current.hits if report.current else [])


STEPS = {
    "draft": ("record_draft_report", _version_form,
              lambda lcspr, user, data: services.upload_report_version(
                  lcspr=lcspr, actor=user, upload=data["file"],
                  received_on=data["received_on"], note=data["note"])),
    "report-comment": ("comment_on_report", lambda request, lcspr: forms.CommentForm(
        request.POST or None, initial={"commented_on": today()}),
        lambda lcspr, user, data: services.comment_on_report(lcspr=lcspr, actor=user, **data)),
    "report-sign-off": ("sign_off_report", _sign_off_form,
                        lambda lcspr, user, data: services.sign_off_report(
                            lcspr=lcspr, actor=user, **data)),
    "report-decline": ("decline_report_sign_off", _decline_form,
                       lambda lcspr, user, data: services.decline_report_sign_off(
                           lcspr=lcspr, actor=user, **data)),
    "change-recommendation": ("change_recommendation", _change_recommendation_form,
                              lambda lcspr, user, data: services.change_recommendation(
                                  lcspr=lcspr, actor=user, **data)),
    "recommendation": ("record_recommendation", lambda request, lcspr:
                       forms.RecommendationForm(request.POST or None),
                       lambda lcspr, user, data: services.record_recommendation(
                           lcspr=lcspr, actor=user, **data)),
    "redaction": ("keep_redaction_hit", _keep_form,
                  lambda lcspr, user, data: services.keep_redaction_hit(
                      lcspr=lcspr, actor=user, **data)),
}
SHOWS = {"report-sign-off": "reviews/lcspr/reports/_sign_version.html",
         "report-decline": "reviews/lcspr/reports/_decline_version.html",
         "redaction": "reviews/lcspr/reports/_hits.html"}
