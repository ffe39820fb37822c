"""The LCSPR pages: the review's own page (its task list and next steps), a page for each
step, and the page that opens a case's LCSPR. Each fetches and authorises in one helper,
validates, calls one service and goes back to the review."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.forms import CorrectDateForm
from cases.selectors import case_by_reference
from cases.services import record_case_access
from deadlines.models import Deadline
from reviews.rapid_review.forms import DateForm
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.http import authorised
from safeguarding.rows import changes_from
from safeguarding.versions import StaleEdit
from safeguarding.workflow import TransitionNotAllowed

from . import forms, printing, selectors, services
from .dates import lcspr_timeline
from .information_requests import views as request_views
from .models import Lcspr, LcsprNotice
from .reports import views as report_views
from .reports.selectors import report_of
from .workflow import LCSPR, current_commission, not_told, terms_missing, terms_of, told


def _not_now(request: HttpRequest, where, why: str) -> HttpResponse:
    messages.info(request, why)
    return redirect(where)


def lcspr_page(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_page(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user, what="LCSPR page")
    commission = current_commission(lcspr)
    review = getattr(lcspr.case, "rapid_review", None)
    deadlines = list(selectors.lcspr_deadlines(lcspr))
    by_clock = {deadline.clock.code: deadline for deadline in deadlines}
    return render(request, "reviews/lcspr/lcspr.html", {
        "lcspr": lcspr, "case": lcspr.case, "commission": commission,
        "rapid_review": review if review and request.user.has_perm(
            "reviews.view_rapidreview", review) else None,
        "assessments": list(lcspr.commissions.all()),
        "tasks": workflow.task_list(lcspr, request.user, selectors.lcspr_decisions(lcspr)),
        "steps": [step for step in workflow.available(lcspr, request.user) if step.url],
        "notices": _notice_rows(lcspr),
        "deadlines": deadlines,
        "copy_deadline": by_clock.get("final_report_to_panel"),
        "online_deadline": by_clock.get("report_kept_online"),
        "copy_late": by_clock.get("final_report_to_panel") is not None
        and by_clock["final_report_to_panel"].state == Deadline.State.MET_LATE,
        "report": report_of(lcspr),
        # The agencies asked for information for the review, and their returns' state.
        "information_requests": request_views.request_rows(lcspr, request.user),
        # The "Change" links beside each recommendation and each decided request.
        "may_change": {name: workflow.can(lcspr, name, request.user) for name in (
            "change_recommendation", "change_disclosure_decision")},
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
    case = authorised(request, case_by_reference(reference=reference), "reviews.open_lcspr")
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
    record_case_access(case=case, user=request.user, what="LCSPR: open the LCSPR")
    return render(request, "action.html", {"case": case, "title": "Open the LCSPR",
                                           "form": form})


# Each step page: the transition it makes (the workflow says when it is open), its form, and
# the service it calls with the form's data.

def _tell_form(about: str):
    def make(request: HttpRequest, lcspr: Lcspr):
        return forms.TellForm(request.POST or None, about=about,
                              recipients=not_told(lcspr, about))
    return make


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _date_form(noun: str, label: str):
    return lambda request, lcspr: DateForm(request.POST or None, noun=noun, label=label)


def _change_disclosure_form(request: HttpRequest, lcspr: Lcspr):
    """Filled in with the decision chosen on the review's page (?request=)."""
    decided = selectors.decided_requests(lcspr)
    chosen = forms.ChosenRowForm(request.GET, name="request", rows=decided).chosen()
    initial = {"request": chosen, "outcome": chosen.outcome, "decided_on": chosen.decided_on,
               "reason": chosen.decision_reason, "legal_advice": chosen.legal_advice,
               "legal_advice_on": chosen.legal_advice_on} if chosen else {}
    return forms.ChangeDisclosureDecisionForm(request.POST or None, requests=decided,
                                              initial=initial)


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
    "sign-off": ("sign_off_final_report", _date_form(
        "the date the final report was signed off",
        "When did the three safeguarding partners and the independent scrutineer sign off "
        "the final report?"),
        lambda lcspr, user, data: services.record_final_sign_off(
            lcspr=lcspr, actor=user, signed_off_on=data["on"])),
    "publication-decision": ("decide_publication", lambda request, lcspr:
                             forms.PublicationDecisionForm(request.POST or None, initial={
                                 "decision": lcspr.publication_decision,
                                 "planned_on": lcspr.planned_publication_on,
                                 "justification": lcspr.not_published_justification}),
                             lambda lcspr, user, data: services.decide_publication(
                                 lcspr=lcspr, actor=user, **data)),
    "sent": ("record_report_sent", lambda request, lcspr: forms.SentForm(
        request.POST or None, due=_long(selectors.copy_due_on(lcspr))),
        lambda lcspr, user, data: services.record_report_sent(lcspr=lcspr, actor=user,
                                                              **data)),
    "publication": ("record_publication", lambda request, lcspr: forms.PublicationForm(
        request.POST or None), lambda lcspr, user, data: services.record_publication(
            lcspr=lcspr, actor=user, **data)),
    "not-published": ("decide_not_to_publish", lambda request, lcspr: forms.NotPublishedForm(
        request.POST or None, initial={"justification": lcspr.not_published_justification}),
        lambda lcspr, user, data: services.record_not_published(lcspr=lcspr, actor=user,
                                                                **data)),
    "delay": ("record_publication_delay", lambda request, lcspr: forms.DelayForm(
        request.POST or None), lambda lcspr, user, data: services.record_publication_delay(
            lcspr=lcspr, actor=user, **data)),
    "panel-comments": ("record_panel_comments", lambda request, lcspr:
                       forms.PanelCommentsForm(request.POST or None),
                       lambda lcspr, user, data: services.record_panel_comments(
                           lcspr=lcspr, actor=user, **data)),
    "removal": ("record_removal", lambda request, lcspr: forms.RemovalForm(
        request.POST or None), lambda lcspr, user, data: services.record_removal(
            lcspr=lcspr, actor=user, **data)),
    "disclosure-request": ("record_disclosure_request", lambda request, lcspr:
                           forms.DisclosureRequestForm(request.POST or None),
                           lambda lcspr, user, data: services.record_disclosure_request(
                               lcspr=lcspr, actor=user, **data)),
    "disclosure-decision": ("decide_disclosure_request", lambda request, lcspr:
                            forms.DisclosureDecisionForm(
                                request.POST or None,
                                requests=selectors.undecided_requests(lcspr)),
                            lambda lcspr, user, data: services.decide_disclosure_request(
                                lcspr=lcspr, actor=user, **data)),
    "change-disclosure-decision": ("change_disclosure_decision", _change_disclosure_form,
                                   lambda lcspr, user, data:
                                   services.change_disclosure_decision(
                                       lcspr=lcspr, actor=user, **data)),
    "media-strategy": ("agree_media_strategy", lambda request, lcspr: forms.MediaStrategyForm(
        request.POST or None, initial={"strategy": lcspr.media_strategy}),
        lambda lcspr, user, data: services.agree_media_strategy(lcspr=lcspr, actor=user,
                                                                **data)),
    "press-statement": ("record_press_statement", lambda request, lcspr:
                        forms.PressStatementForm(request.POST or None),
                        lambda lcspr, user, data: services.record_press_statement(
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
# The report's steps: its versions, comments, sign-offs, recommendations and redaction check.
STEPS.update(report_views.STEPS)
# Asking agencies for information for the review (issue 13 item 12).
STEPS.update(request_views.STEPS)
SHOWS.update(report_views.SHOWS)


def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404
    name, make_form, perform = STEPS[slug]
    declared = LCSPR.transitions[name]
    lcspr = authorised(request, selectors.lcspr_for_step(pk=pk), "reviews.view_lcspr")
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
    record_case_access(case=lcspr.case, user=request.user, what=f"LCSPR: {declared.label}")
    return render(request, "reviews/lcspr/step.html", {
        "lcspr": lcspr, "case": lcspr.case, "title": declared.label, "form": form,
        "shows": SHOWS.get(slug, ""),
        "assessments": selectors.assessments(lcspr) if slug in SHOWS else [],
    })


# Terms of reference and governance (issue 13 item 4) and parallel processes (item 6): the
# page that shows them (the reviewer reads it), their printed copy, their step pages and
# the pages of their repeatable rows.

TERMS_STEPS = ("set_terms_of_reference", "record_governance_group", "record_governance_meeting",
               "record_timetable", "agree_terms_of_reference", "revise_terms_of_reference",
               "ask_reviewer_for_information", "record_progress_report",
               "record_lcspr_parallel_processes")


def terms_of_reference(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_terms(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user, what="LCSPR terms of reference")
    deadlines = selectors.milestone_deadlines(lcspr)
    return render(request, "reviews/lcspr/terms_of_reference.html", {
        "lcspr": lcspr, "case": lcspr.case, "terms": terms_of(lcspr),
        "commission": current_commission(lcspr),
        "milestones": [(milestone, deadlines.get(milestone.pk))
                       for milestone in lcspr.milestones.all()],
        "steps": [step for step in workflow.available(lcspr, request.user)
                  if step.url and step.transition.name in TERMS_STEPS],
        "missing": terms_missing(lcspr),
    })


def terms_of_reference_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_terms(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user,
                       what="LCSPR terms of reference (PDF)")
    response = HttpResponse(printing.terms_of_reference_pdf(
        lcspr=lcspr, partnership=settings.PARTNERSHIP_NAME), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{lcspr.case.reference}-terms-of-reference.pdf"')
    return response


def _terms_form(request: HttpRequest, lcspr: Lcspr):
    terms = terms_of(lcspr)
    initial = {name: getattr(terms, name) for name in (
        "scope", "period_from", "period_to", "key_lines_of_enquiry", "methodology",
        "other_methodology", "methodology_reason")} if terms is not None else {}
    return forms.TermsForm(request.POST or None, initial=initial)


STEPS.update({
    "terms": ("set_terms_of_reference", _terms_form,
              lambda lcspr, user, data: services.set_terms_of_reference(
                  lcspr=lcspr, actor=user, **data)),
    "governance-meeting": ("record_governance_meeting",
                           lambda request, lcspr: forms.GovernanceMeetingForm(
                               request.POST or None,
                               members=selectors.governance_members(lcspr),
                               initial={"held_on": today()}),
                           lambda lcspr, user, data: services.record_governance_meeting(
                               lcspr=lcspr, actor=user, **data)),
    "agree-terms": ("agree_terms_of_reference", lambda request, lcspr: forms.AgreeTermsForm(
        request.POST or None), lambda lcspr, user, data: services.agree_terms_of_reference(
            lcspr=lcspr, actor=user, **data)),
    "revise-terms": ("revise_terms_of_reference", lambda request, lcspr: forms.ReviseTermsForm(
        request.POST or None, initial={"revised_on": today()}),
        lambda lcspr, user, data: services.revise_terms_of_reference(
            lcspr=lcspr, actor=user, **data)),
    "ask-reviewer": ("ask_reviewer_for_information", lambda request, lcspr:
                     forms.AskReviewerForm(request.POST or None),
                     lambda lcspr, user, data: services.ask_reviewer_for_information(
                         lcspr=lcspr, actor=user, **data)),
    "progress-report": ("record_progress_report", lambda request, lcspr:
                        forms.ProgressReportForm(request.POST or None,
                                                 requests=selectors.progress_requests(lcspr)),
                        lambda lcspr, user, data: services.record_progress_report(
                            lcspr=lcspr, actor=user, **data)),
})

# Each page of rows: the transition it makes, its rows, the noun of one row, and the service.
ROWS = {
    "governance-group": ("record_governance_group", forms.GovernanceMemberFormSet,
                         "member", lambda lcspr, user, changes: services.record_governance_group(
                             lcspr=lcspr, actor=user, members=changes)),
    "timetable": ("record_timetable", forms.MilestoneFormSet, "milestone",
                  lambda lcspr, user, changes: services.record_timetable(
                      lcspr=lcspr, actor=user, milestones=changes)),
    "parallel-processes": ("record_lcspr_parallel_processes",
                           forms.LcsprParallelProcessFormSet, "parallel process",
                           lambda lcspr, user, changes:
                           services.record_lcspr_parallel_processes(
                               lcspr=lcspr, actor=user, processes=changes)),
}


def rows(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in ROWS:
        raise Http404
    name, formset, noun, save = ROWS[slug]
    declared = LCSPR.transitions[name]
    lcspr = authorised(request, selectors.lcspr_for_step(pk=pk), "reviews.view_lcspr")
    if not request.user.has_perm(declared.permission, lcspr):
        raise PermissionDenied
    if why := workflow.why_not(lcspr, name, request.user):
        return _not_now(request, lcspr, f"{declared.label}: {why[0].lower()}{why[1:]}")
    data = request.POST if request.method == "POST" else None
    page_rows = formset(data, instance=lcspr, prefix="rows")
    page_rows.extra = 1 if "add" in request.GET or not page_rows.get_queryset().exists() else 0
    if request.method == "POST" and page_rows.is_valid():
        try:
            save(lcspr, request.user, changes_from(page_rows))
        except StaleEdit as error:
            page_rows.take_current_versions(page_rows.data.copy())
            messages.error(request, " ".join(error.messages))
        except (ValidationError, TransitionNotAllowed) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if "add_row" in request.POST:
                return redirect(request.path + "?add=1#add")
            messages.success(request, f"{lcspr.case.reference}: "
                                      f"{declared.label[0].lower()}{declared.label[1:]} — saved")
            return redirect("lcspr:terms", pk=lcspr.pk)
    record_case_access(case=lcspr.case, user=request.user, what=f"LCSPR: {declared.label}")
    return render(request, "reviews/lcspr/rows_page.html", {
        "lcspr": lcspr, "case": lcspr.case,
        "page": {"title": declared.label, "row_noun": noun}, "rows": page_rows})
