"""The LCSPR pages: the review's own page (its task list and next steps), a page for each
step, and the page that opens a case's LCSPR. Each fetches and authorises in one helper,
validates, calls one service and goes back to the review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.forms import CorrectDateForm
from cases.selectors import case_by_reference
from cases.services import record_case_access
from reviews.rapid_review.forms import DateForm
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.workflow import TransitionNotAllowed

from . import forms, selectors, services
from .dates import lcspr_timeline
from .models import Lcspr, LcsprNotice
from .workflow import LCSPR, current_commission, not_told, told


def _authorised(request: HttpRequest, record, permission: str):
    if record is None:
        raise Http404
    if not request.user.has_perm(permission, record):
        raise PermissionDenied
    return record


def _not_now(request: HttpRequest, where, why: str) -> HttpResponse:
    messages.info(request, why)
    return redirect(where)


def lcspr_page(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = _authorised(request, selectors.lcspr_for_page(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user, what="LCSPR page")
    commission = current_commission(lcspr)
    review = getattr(lcspr.case, "rapid_review", None)
    return render(request, "reviews/lcspr/lcspr.html", {
        "lcspr": lcspr, "case": lcspr.case, "commission": commission,
        "rapid_review": review if review and request.user.has_perm(
            "reviews.view_rapidreview", review) else None,
        "assessments": list(lcspr.commissions.all()),
        "tasks": workflow.task_list(lcspr, request.user, selectors.lcspr_decisions(lcspr)),
        "steps": [step for step in workflow.available(lcspr, request.user) if step.url],
        "notices": _notice_rows(lcspr),
        "deadlines": list(selectors.lcspr_deadlines(lcspr)),
    })


def _notice_rows(lcspr: Lcspr) -> list[tuple[str, LcsprNotice | None, LcsprNotice | None]]:
    """Each recipient, with when they were told of the decision and of the reviewer
    commissioned now."""
    decision = told(lcspr, LcsprNotice.About.DECISION)
    reviewer = told(lcspr, LcsprNotice.About.REVIEWER)
    return [(label, decision.get(recipient), reviewer.get(recipient))
            for recipient, label in LcsprNotice.Recipient.choices]


def open_lcspr(request: HttpRequest, reference: str) -> HttpResponse:
    """The business unit opens the LCSPR of a case whose rapid review concluded with one
    before LCSPRs were kept here (a rapid review concluding now opens it itself)."""
    case = _authorised(request, case_by_reference(reference=reference), "reviews.open_lcspr")
    existing = selectors.lcspr_for_case(case_id=case.pk)
    if existing is not None:
        return _not_now(request, existing, "This case's LCSPR has already been opened.")
    review = getattr(case, "rapid_review", None)
    form = forms.OpenLcsprForm(request.POST or None, initial={
        "decided_on": review.signed_off_on if review and review.signed_off_on else today()})
    if request.method == "POST" and form.is_valid():
        try:
            lcspr = services.open_lcspr(case=case, actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{case.reference}: the LCSPR is open")
            return redirect(lcspr)
    return render(request, "action.html", {"case": case, "title": "Open the LCSPR",
                                           "form": form})


# Each step page: the transition it makes (the workflow says when it is open), its form, and
# the service it calls with the form's data.

def _tell_form(about: str):
    def make(request: HttpRequest, lcspr: Lcspr):
        return forms.TellForm(request.POST or None, about=about,
                              recipients=not_told(lcspr, about))
    return make


def _date_form(noun: str, label: str):
    return lambda request, lcspr: DateForm(request.POST or None, noun=noun, label=label)


STEPS = {
    "tell-decision": ("tell_of_decision", _tell_form(LcsprNotice.About.DECISION),
                      lambda lcspr, user, data: services.record_decision_told(
                          lcspr=lcspr, actor=user, **data)),
    "tell-reviewer": ("tell_of_reviewer", _tell_form(LcsprNotice.About.REVIEWER),
                      lambda lcspr, user, data: services.record_reviewer_told(
                          lcspr=lcspr, actor=user, **data)),
    "commissioning": ("start_commissioning", lambda request, lcspr: forms.CommissioningForm(
        request.POST or None, initial={"reviewer_kind": lcspr.reviewer_kind,
                                       "started_on": today()}),
        lambda lcspr, user, data: services.start_commissioning(lcspr=lcspr, actor=user,
                                                               **data)),
    "assessment": ("assess_reviewer", lambda request, lcspr: forms.AssessmentForm(
        request.POST or None, reviewers=selectors.reviewers()),
        lambda lcspr, user, data: services.assess_reviewer(lcspr=lcspr, actor=user, **data)),
    "commission": ("commission_reviewer", lambda request, lcspr: forms.CommissionForm(
        request.POST or None, assessed=selectors.assessed_reviewers(lcspr)),
        lambda lcspr, user, data: services.commission_reviewer(lcspr=lcspr, actor=user,
                                                               **data)),
    "end-commission": ("end_commission", lambda request, lcspr: forms.EndCommissionForm(
        request.POST or None), lambda lcspr, user, data: services.end_commission(
            lcspr=lcspr, actor=user, **data)),
    "draft": ("record_draft_report", _date_form("the date the draft was received",
                                                "When was the draft report received?"),
              lambda lcspr, user, data: services.record_draft_report(
                  lcspr=lcspr, actor=user, received_on=data["on"])),
    "sign-off": ("sign_off_final_report", _date_form(
        "the date the final report was signed off",
        "When did the three safeguarding partners and the independent scrutineer sign off "
        "the final report?"),
        lambda lcspr, user, data: services.record_final_sign_off(
            lcspr=lcspr, actor=user, signed_off_on=data["on"])),
    "sent": ("record_report_sent", _date_form(
        "the date the final report was sent",
        "When was the final report sent to the National Panel, the Secretary of State and "
        "Ofsted?"),
        lambda lcspr, user, data: services.record_report_sent(lcspr=lcspr, actor=user,
                                                              sent_on=data["on"])),
    "publication": ("record_publication", lambda request, lcspr: forms.PublicationForm(
        request.POST or None), lambda lcspr, user, data: services.record_publication(
            lcspr=lcspr, actor=user, **data)),
    "not-published": ("decide_not_to_publish", lambda request, lcspr: forms.NotPublishedForm(
        request.POST or None), lambda lcspr, user, data: services.record_not_published(
            lcspr=lcspr, actor=user, **data)),
    "close": ("close", _date_form("the date the review was closed",
                                  "When was the review closed?"),
              lambda lcspr, user, data: services.close_lcspr(lcspr=lcspr, actor=user,
                                                             closed_on=data["on"])),
    "withdraw": ("withdraw", lambda request, lcspr: forms.WithdrawForm(request.POST or None),
                 lambda lcspr, user, data: services.withdraw_lcspr(lcspr=lcspr, actor=user,
                                                                   **data)),
    "merge": ("merge", lambda request, lcspr: forms.MergeForm(request.POST or None),
              lambda lcspr, user, data: services.merge_lcspr(lcspr=lcspr, actor=user, **data)),
    "correct-date": ("correct_date", lambda request, lcspr: CorrectDateForm(
        request.POST or None, dates=lcspr_timeline(lcspr).correctable()),
        lambda lcspr, user, data: services.correct_lcspr_date(lcspr=lcspr, actor=user,
                                                              **data)),
}
# The steps whose page shows the reviewer assessed, above the form.
SHOWS = {"commission": "reviews/lcspr/_assessments.html",
         "end-commission": "reviews/lcspr/_assessments.html"}


def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404
    name, make_form, perform = STEPS[slug]
    declared = LCSPR.transitions[name]
    lcspr = _authorised(request, selectors.lcspr_for_step(pk=pk), "reviews.view_lcspr")
    if not request.user.has_perm(declared.permission, lcspr):
        raise PermissionDenied
    if why := workflow.why_not(lcspr, name, request.user):
        return _not_now(request, lcspr, f"{declared.label}: {why[0].lower()}{why[1:]}")
    form = make_form(request, lcspr)
    if request.method == "POST" and form.is_valid():
        try:
            perform(lcspr, request.user, form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{lcspr.case.reference}: "
                                      f"{declared.label[0].lower()}{declared.label[1:]} — saved")
            return redirect(lcspr)
    return render(request, "reviews/lcspr/step.html", {
        "lcspr": lcspr, "case": lcspr.case, "title": declared.label, "form": form,
        "shows": SHOWS.get(slug, ""),
        "assessments": selectors.assessments(lcspr) if slug in SHOWS else [],
    })
