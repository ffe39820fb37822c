"""The case pages. Each view fetches and authorises the case, validates one form, calls one
service and redirects; a refusal from the service is shown on the form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from deadlines import downloads as deadline_downloads
from deadlines.forms import dashboard_filter_form
from safeguarding import workflow
from safeguarding.forms import ActionForm
from safeguarding.http import authorised
from safeguarding.models import User
from safeguarding.permissions import document_kinds
from safeguarding.workflow import TransitionNotAllowed

from . import downloads, forms, selectors, services
from .dates import RECIPIENT_NAMES, case_timeline
from .models import Case, Notification
from .notifying import required_recipients
from .workflow import CASE

PAGE_SIZE = 25


def _page_of(request: HttpRequest, items) -> tuple[Any, list]:
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, list(page.paginator.get_elided_page_range(page.number, on_each_side=1,
                                                           on_ends=1))


# The most cases a search by name shows: its results are not paged, so that the name is
# asked for again (and kept nowhere) rather than carried from page to page.
SEARCH_LIMIT = 50
# Where an earlier version kept the name searched for: removed from any session that has it.
OLD_SEARCH = "case_search"


def case_list(request: HttpRequest) -> HttpResponse:
    """The filters (a reference, a status, the page) are sent with GET and kept in the
    address, so a filtered list can be bookmarked and paged. A child's name is posted and
    its results shown in the answer to that post: the name is kept nowhere (not in the
    address, the session or the access log), and the results are not paged but capped at
    SEARCH_LIMIT. Every case shown is written in the access log, without the name."""
    if not request.user.has_perm("cases.view_case"):
        raise PermissionDenied
    request.session.pop(OLD_SEARCH, None)
    name_form = forms.ChildNameSearchForm(request.POST or None)
    form, filters = _list_filters(request)
    name = ""
    if request.method == "POST" and name_form.is_valid():
        name = name_form.cleaned_data["name"].strip()
    context = {"form": form, "name_form": name_form, "name": name,
               "filtered": bool(name) or any(filters.values()),
               "query": urlencode({key: value for key, value in filters.items() if value})}
    if name:
        found = list(selectors.case_list(**filters, name=name,
                                         receipt_codes=_finds_receipts(request))[
            :SEARCH_LIMIT + 1])
        cases, context["more"] = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
        context.update(cases=cases, count=len(cases), search_limit=SEARCH_LIMIT)
        what = "case list: search results"
    else:
        page, page_range = _page_of(request, selectors.case_list(
            **filters, receipt_codes=_finds_receipts(request)))
        cases = list(page.object_list)
        context.update(cases=cases, count=page.paginator.count, page=page,
                       page_range=page_range)
        what = "case list"
    services.record_cases_access(case_ids=[case.pk for case in cases], user=request.user,
                                 what=what)
    return render(request, "cases/case_list.html", context)


def _without(query, *names: str) -> dict:
    return {key: value for key, value in query.items() if key not in names}


def _finds_receipts(request: HttpRequest) -> bool:
    """Whether the case list finds a public referral by its receipt code (issue 17 point 12):
    the business unit's, which the public telephones."""
    return request.user.has_perm("cases.view_receipt_code")


def _list_filters(request: HttpRequest) -> tuple[forms.CaseFilterForm, dict]:
    """The filter form, bound to the address's filters (its errors shown, and then nothing
    filtered by them), and the filters (never a name: that is posted, and kept nowhere)."""
    form = forms.CaseFilterForm(_without(request.GET, "page", "clear"),
                                receipt_codes=_finds_receipts(request))
    return form, {"reference": "", "status": "", **form.filters()}


def case_list_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The case list, with its filters, as a file; each case listed has it in its access
    log. The children's names only for whoever reads every case in full."""
    if not request.user.has_perm("cases.view_case"):
        raise PermissionDenied
    if fmt not in downloads.FORMATS:
        raise Http404
    _form, filters = _list_filters(request)
    with_names = request.user.has_perm("cases.view_case_in_full")
    cases = list(selectors.cases_to_download(**filters, with_names=with_names,
                                             receipt_codes=_finds_receipts(request)))
    services.record_cases_access(case_ids=[case.pk for case in cases], user=request.user,
                                 what=f"case list ({downloads.WHAT[fmt]})")
    return downloads.file_response(downloads.case_table(cases, with_names=with_names), fmt,
                                   name="cases", today=timezone.localdate())


def deadlines_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The deadlines dashboard, with its filters, as a file. Served here, not by the
    deadlines app, because every case listed has it in its access log and the access log
    is the cases app's: deadlines sits below cases and may not import it, while cases may
    import deadlines. The dashboard links here by the URL's name."""
    if not request.user.has_perm("deadlines.view_dashboard"):
        raise PermissionDenied
    if fmt not in downloads.FORMATS:
        raise Http404
    today = timezone.localdate()
    lines = deadline_downloads.deadline_lines(
        filters=dashboard_filter_form(request.GET).filters(), today=today)
    services.record_cases_access(
        case_ids=[line.deadline.case_id for line in lines if line.deadline.case_id],
        user=request.user, what=f"deadlines ({downloads.WHAT[fmt]})")
    return downloads.file_response(deadline_downloads.table(lines), fmt, name="deadlines",
                                   today=today)


# The changes a user may make to a case, each on its own question page.

@dataclass(frozen=True)
class Action:
    """A question page for one of the case's transitions (``transition`` names it in the
    workflow, which says whether it is open now)."""

    slug: str
    transition: str
    form: type[ActionForm]
    perform: Callable[[Case, User, dict], object]
    done: str
    # The field at which the service's refusals are shown.
    error_field: str | None
    # What the form needs to know of the case, if anything.
    form_kwargs: Callable[[Case], dict] | None = None
    # The answers the page starts with, if any.
    initial: Callable[[Case], dict] | None = None

    @property
    def title(self) -> str:
        return CASE.transitions[self.transition].label


ACTIONS = [
    Action("inform-partners", "inform_partners", forms.InformPartnersForm,
           lambda case, user, data: services.inform_partners(
               case=case, actor=user, informed_on=data["informed_on"]),
           "The safeguarding partners were informed", "informed_on"),
    Action("screening-decision", "decide_notify", forms.ScreeningDecisionForm,
           lambda case, user, data: services.record_screening_decision(
               case=case, actor=user, decision=data["decision"], rationale=data["rationale"],
               decided_on=data["decided_on"]),
           "The partners' decision is recorded", "decision",
           form_kwargs=lambda case: {"lead": selectors.notification_clock_lead(case)}),
    Action("criteria-not-met", "decide_no_rapid_review", forms.CriteriaNotMetForm,
           lambda case, user, data: services.decide_no_rapid_review(
               case=case, actor=user, reason=data["reason"]),
           "The partners' decision that the case does not meet the criteria is recorded",
           "reason"),
    Action("local-authority-aware", "record_local_authority_awareness",
           forms.LocalAuthorityAwareForm,
           lambda case, user, data: services.record_local_authority_awareness(
               case=case, actor=user, aware_on=data["aware_on"]),
           "The date the local authority became aware is confirmed", "aware_on",
           form_kwargs=lambda case: {"from_referral": case.local_authority_aware_on},
           initial=lambda case: {"aware_on": case.local_authority_aware_on}),
    Action("learning-decision", "record_learning_decision", forms.LearningDecisionForm,
           lambda case, user, data: services.record_learning_decision(
               case=case, actor=user, decision=data["decision"], rationale=data["rationale"],
               decided_on=data["decided_on"]),
           "The Learning and Development group's decision is recorded and goes to the "
           "partners for approval", "decision"),
    Action("approve-learning-decision", "approve_learning_decision",
           forms.ApproveLearningDecisionForm,
           lambda case, user, data: services.approve_learning_decision(
               case=case, actor=user, approved_on=data["approved_on"],
               sharing=data.get("sharing", "")),
           "The Learning and Development group's decision is approved", "approved_on",
           form_kwargs=lambda case: {"case": case}),
    Action("return-learning-decision", "return_learning_decision",
           forms.ReturnLearningDecisionForm,
           lambda case, user, data: services.return_learning_decision(
               case=case, actor=user, reason=data["reason"]),
           "The decision is sent back to the Learning and Development group", "reason",
           form_kwargs=lambda case: {"case": case}),
    Action("referrer-told", "record_referrer_feedback", forms.ReferrerToldForm,
           lambda case, user, data: services.record_referrer_feedback(
               case=case, actor=user, told_on=data["told_on"]),
           "The date the referrer was told is recorded", "told_on"),
    Action("correct-date", "correct_date", forms.CorrectDateForm,
           lambda case, user, data: services.correct_case_date(
               case=case, actor=user, field=data["field"], new_date=data["new_date"],
               reason=data["reason"]),
           "The date is corrected", "new_date",
           form_kwargs=lambda case: {"dates": case_timeline(case).correctable()}),
    Action("withdraw", "withdraw", forms.WithdrawForm,
           lambda case, user, data: services.withdraw_case(
               case=case, actor=user, reason=data["reason"]),
           "The case is withdrawn", "reason"),
    Action("merge", "merge", forms.MergeForm,
           lambda case, user, data: services.merge_case(
               case=case, into=data["into"], actor=user, reason=data["reason"]),
           "The case is merged as a duplicate", "into"),
]
ACTIONS_BY_SLUG = {action.slug: action for action in ACTIONS}

NOTIFICATION = Action(
    "notifications", "record_notification", forms.NotificationForm,
    lambda case, user, data: services.record_notification(case=case, actor=user, **data),
    "The notification is recorded", "notified_on",
)


def may_notify(case: Case, user: User) -> bool:
    return workflow.can(case, NOTIFICATION.transition, user)


def _run(request: HttpRequest, case: Case, action: Action, title: str,
         form_kwargs: dict | None = None, initial: dict | None = None,
         extra: dict | None = None) -> HttpResponse:
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        form = action.form(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                action.perform(case, request.user, {**form.cleaned_data, **(extra or {})})
            except ValidationError as error:
                form.add_error(action.error_field, error)
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{case.reference}: {action.done}")
                return redirect(case)
    else:
        form = action.form(initial=initial, **form_kwargs)
        services.record_case_access(case=case, user=request.user, what=f"{action.slug} page")
    return render(request, "action.html", {"case": case, "form": form, "title": title})


def action_page(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    chosen = ACTIONS_BY_SLUG.get(action)
    if chosen is None:
        raise Http404
    case = authorised(request, selectors.case_by_reference(reference=reference),
                      "cases.view_case", CASE.transitions[chosen.transition].permission)
    if why := workflow.why_not(case, chosen.transition, request.user):
        messages.info(request, why)
        return redirect(case)
    return _run(request, case, chosen, chosen.title,
                form_kwargs=chosen.form_kwargs(case) if chosen.form_kwargs else None,
                initial=chosen.initial(case) if chosen.initial else None)


def notification_page(request: HttpRequest, reference: str, recipient: str) -> HttpResponse:
    if recipient not in Notification.Recipient.values:
        raise Http404
    case = authorised(request, selectors.case_by_reference(reference=reference),
                      "cases.view_case", CASE.transitions[NOTIFICATION.transition].permission)
    if why := workflow.why_not(case, NOTIFICATION.transition, request.user):
        messages.info(request, why)
        return redirect(case)
    existing = None if recipient == Notification.Recipient.OTHER_AREA else \
        case.notifications.filter(recipient=recipient).values(
            "notified_on", "channel", "sent_by", "panel_reference", "acknowledged_on").first()
    return _run(request, case, NOTIFICATION,
                f"Record the notification to {RECIPIENT_NAMES[recipient]}",
                form_kwargs={"recipient": recipient}, initial=existing,
                extra={"recipient": recipient})


# The panels other apps add that the case page places itself (by their templates' names:
# the referral form's app sits above this one).
CLOCKS_PANEL = "deadlines/_case_clocks.html"
REFERRAL_PANEL = "case_forms/case_panel.html"


def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = authorised(request, selectors.case_for_page(reference=reference), "cases.view_case")
    if not request.user.has_perm("cases.view_case_in_full", case):
        return _case_overview(request, case)
    services.record_case_access(case=case, user=request.user, what="case page")
    decisions = list(selectors.case_decisions(case))
    panels = selectors.case_panels(case)
    return render(request, "cases/case.html", {
        "case": case,
        # Summary first: the clocks at the top, the referral's long answers folded away.
        "clocks": [panel for panel in panels if panel[0] == CLOCKS_PANEL],
        "referral": [panel for panel in panels if panel[0] == REFERRAL_PANEL],
        "more_panels": [panel for panel in panels
                        if panel[0] not in (CLOCKS_PANEL, REFERRAL_PANEL)],
        # All of them too: the delay prompt finds the clocks' lines among them.
        "panels": panels,
        "notifications": case.notifications.all(),
        "outstanding": _outstanding_recipients(case),
        "outstanding_applies": bool(required_recipients(case)),
        "other_recipients": _other_recipients(case),
        "may_notify": may_notify(case, request.user),
        "decisions": decisions,
        "tasks": selectors.case_tasks(case, request.user, decisions),
        "actions": [step for step in workflow.available(case, request.user) if step.url],
        "may_see_history": request.user.has_perm("cases.view_case_history", case),
    })


def _case_overview(request: HttpRequest, case: Case) -> HttpResponse:
    """What a reviewer or a member of a review's governance group sees of the case: its
    reference and overview, its documents and its reviews; never its steps, its decisions,
    its history or the referral's answers."""
    services.record_case_access(case=case, user=request.user, what="case overview")
    referral = getattr(case, "referral", None)
    return render(request, "cases/case_overview.html", {
        "case": case, "incident_date": referral.incident_date if referral else None,
        "panels": selectors.case_overview_panels(case)})


def _other_recipients(case: Case) -> list[tuple[str, str]]:
    """Notifications that may be recorded though not (yet) required: the online notification
    before the partners decide, and another area's partners, where the child lives (002
    section 3), as often as needed."""
    taken = {n.recipient for n in case.notifications.all()} | set(required_recipients(case))
    return [(recipient, label) for recipient, label in Notification.Recipient.choices
            if recipient == Notification.Recipient.OTHER_AREA or recipient not in taken]


def _outstanding_recipients(case: Case) -> list[tuple[str, str]]:
    """(value, label) of the required recipients not yet notified."""
    notified = {notification.recipient for notification in case.notifications.all()}
    return [(recipient, Notification.Recipient(recipient).label)
            for recipient in required_recipients(case) if recipient not in notified]


def history_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = authorised(request, selectors.case_by_reference(reference=reference),
                      "cases.view_case", "cases.view_case_history")
    services.record_case_access(case=case, user=request.user, what="history")
    return render(request, "cases/history.html",
                  {"case": case, "entries": selectors.case_history(case)})


def access_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_access_log"):
        raise PermissionDenied
    form = forms.AccessLogFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page, page_range = _page_of(request, selectors.access_log(
        reference=filters.get("reference", ""), email=filters.get("email", "")))
    return render(request, "cases/access_log.html",
                  {"form": form, "page": page, "page_range": page_range})


def decision_log(request: HttpRequest) -> HttpResponse:
    """Every decision about every case and the records under it, newest first: for the
    scrutineer, the business unit and managers; filtered by case, record, person and date."""
    if not request.user.has_perm("cases.view_decision_log"):
        raise PermissionDenied
    form = forms.DecisionLogFilterForm(request.GET or None,
                                       records=selectors.decision_record_kinds(),
                                       actors=selectors.decision_makers())
    filters = form.filters() if form.is_bound else {}
    page, page_range = _page_of(request, selectors.decision_log(**filters))
    return render(request, "cases/decision_log.html", {
        "form": form, "page": page, "page_range": page_range,
        "filtered": any(filters.values()), "reference": filters.get("reference", ""),
        "rows": selectors.with_their_cases(page.object_list)})


def documents_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = authorised(request, selectors.case_by_reference(reference=reference),
                      "cases.view_documents")
    services.record_case_access(case=case, user=request.user, what="documents")
    # Who reads the case sees every document; the referrer, only their own.
    own = None if request.user.has_perm("cases.view_case", case) else request.user
    return render(request, "cases/documents.html", {
        "case": case, "documents": selectors.case_documents(case=case, uploaded_by=own),
        "may_add": request.user.has_perm("cases.add_document", case),
    })


def add_document_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = authorised(request, selectors.case_by_reference(reference=reference),
                      "cases.add_document")
    form = forms.DocumentForm(request.POST or None, request.FILES or None,
                              kinds=document_kinds(request.user, case))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(case=case, actor=request.user, kind=form.cleaned_data["kind"],
                                  title=form.cleaned_data["title"],
                                  upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{case.reference}: the document is added")
            return redirect("cases:documents", case.reference)
    return render(request, "cases/add_document.html", {"case": case, "form": form})


def download_document(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    document = authorised(request, selectors.document_for_download(reference=reference, pk=pk),
                          "cases.view_document")
    services.record_document_download(document=document, user=request.user)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name,
                            content_type=document.content_type)
    # Never shown in the service's own origin, never cached on a shared computer.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
