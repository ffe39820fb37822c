"""The action plan pages: the plans, a plan (its actions with owner, due date, status and days
overdue), an action (its updates, evidence, escalations, extensions and what the person can
do next), and a page for each step. Each fetches and authorises in one helper, validates,
calls one service and goes back. Addresses carry numbers only: never a name."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.services import record_case_access, record_cases_access
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.http import attachment, authorised
from safeguarding.workflow import TransitionNotAllowed

from . import forms, reports, selectors, services
from .models import Action, ActionPlan, ExtensionRequest
from .workflow import ACTION, PLAN, awaiting_response, pending_extension


def _not_now(request: HttpRequest, where, why: str) -> HttpResponse:
    messages.info(request, why)
    return redirect(where)


def _saved(request: HttpRequest, label: str) -> None:
    messages.success(request, f"{label[0].upper()}{label[1:]}: saved")


def plans(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reviews.view_action_plans"):
        raise PermissionDenied
    return render(request, "reviews/action_plans/plans.html", {
        "plans": list(selectors.plans_for(user=request.user)),
        "may_start": request.user.has_perm("reviews.run_action_plan"),
    })


def _report(request: HttpRequest, kind: str) -> tuple[reports.Report, forms.LogFilterForm]:
    """The report with the filters of the address, for whoever reads the action plans."""
    if not request.user.has_perm("reviews.view_action_plans"):
        raise PermissionDenied
    plans_, agencies = selectors.log_choices(user=request.user)
    form = forms.LogFilterForm(request.GET, plans=plans_, agencies=agencies,
                               lateness=kind == "log")
    return reports.report(kind, user=request.user, today=today(), filters=form.filters(),
                          described=form.described()), form


def _report_page(request: HttpRequest, kind: str) -> HttpResponse:
    """The report's page; the cases whose actions it lists have it in their access log."""
    report, form = _report(request, kind)
    record_cases_access(case_ids=reports.case_ids(report), user=request.user,
                        what=report.title.lower())
    return render(request, "reviews/action_plans/report.html", {
        "report": report, "form": form, "kind": kind,
        "query": request.GET.urlencode(), "filtered": bool(report.filters),
        "download": f"{reports.KINDS[kind].url}-download", "here": reports.KINDS[kind].url})


def _download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The report as a file; the cases whose actions it lists have it in their access log."""
    if fmt not in reports.FORMATS:
        raise Http404
    report, _form = _report(request, kind)
    content, content_type, filename = reports.as_file(
        report, fmt, partnership=settings.PARTNERSHIP_NAME)
    record_cases_access(case_ids=reports.case_ids(report), user=request.user,
                        what=f"{report.title.lower()} ({reports.WHAT[fmt]})")
    return attachment(content, content_type, filename)


def action_log(request: HttpRequest) -> HttpResponse:
    return _report_page(request, "log")


def exceptions(request: HttpRequest) -> HttpResponse:
    return _report_page(request, "exceptions")


def log_download(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(request, "log", fmt)


def exceptions_download(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(request, "exceptions", fmt)


def new_plan(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reviews.run_action_plan"):
        raise PermissionDenied
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.start_plan(actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            _saved(request, "the action plan")
            return redirect(plan)
    return render(request, "reviews/action_plans/step.html", {
        "title": "Start an action plan", "form": form, "back": "action_plans:plans"})


def from_lcspr(request: HttpRequest, lcspr_pk: int) -> HttpResponse:
    """The LCSPR's recommendations proposed as actions of its plan (the LCSPR is read through
    the plan's relation: the action plans do not import the LCSPR part)."""
    model = ActionPlan._meta.get_field("lcspr").related_model
    lcspr = authorised(request, model._default_manager.select_related("case").filter(
        pk=lcspr_pk).first(), "reviews.view_lcspr", "reviews.run_action_plan")
    recommendations = list(lcspr.report_recommendations.prefetch_related("agencies"))
    if request.method == "POST":
        try:
            plan = services.plan_from_recommendations(lcspr=lcspr, actor=request.user)
        except (ValidationError, TransitionNotAllowed) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, "Actions proposed from the report's recommendations")
            return redirect(plan)
    return render(request, "reviews/action_plans/from_lcspr.html", {
        "lcspr": lcspr, "case": lcspr.case, "recommendations": recommendations,
        "plan": ActionPlan.objects.filter(lcspr=lcspr).first()})


def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    plan = authorised(request, selectors.plan_for_page(pk=pk), "reviews.view_actionplan")
    if plan.case is not None:
        record_case_access(case=plan.case, user=request.user, what="action plan")
    day = today()
    actions = selectors.plan_actions(plan, request.user)
    return render(request, "reviews/action_plans/plan.html", {
        "plan": plan, "case": plan.case,
        "rows": [(action, selectors.days_overdue(action, day)) for action in actions],
        "steps": [step for step in workflow.available(plan, request.user) if step.url],
        "every_agency": request.user.has_perm("reviews.view_every_action"),
    })


def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    plan = authorised(request, selectors.plan_for_page(pk=pk), "reviews.view_actionplan",
                      "reviews.run_action_plan")
    if why := workflow.why_not(plan, "add_action", request.user):
        return _not_now(request, plan, why)
    form = forms.ProposeActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_action(plan=plan, actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            _saved(request, "the action")
            return redirect(plan)
    return render(request, "reviews/action_plans/step.html", {
        "plan": plan, "title": "Propose an action", "form": form, "back_to": plan})


def close_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = authorised(request, selectors.plan_for_page(pk=pk), "reviews.view_actionplan",
                      "reviews.approve_actions")
    if why := workflow.why_not(plan, "close_plan", request.user):
        return _not_now(request, plan, f"{PLAN.transitions['close_plan'].label}: {why}")
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_plan(plan=plan, actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            _saved(request, "the action plan closed")
            return redirect(plan)
    return render(request, "reviews/action_plans/step.html", {
        "plan": plan, "title": "Close the action plan", "form": form, "back_to": plan})


def action_page(request: HttpRequest, pk: int) -> HttpResponse:
    action = authorised(request, selectors.action_for_page(pk=pk), "reviews.view_action")
    if action.plan.case is not None:
        record_case_access(case=action.plan.case, user=request.user, what="action")
    decisions = list(selectors.action_decisions(action))
    return render(request, "reviews/action_plans/action.html", {
        "action": action, "plan": action.plan, "case": action.plan.case,
        "days_overdue": selectors.days_overdue(action, today()),
        "tasks": workflow.task_list(action, request.user, decisions),
        "sent_back": selectors.evidence_sent_back(action, decisions),
        "steps": [step for step in workflow.available(action, request.user) if step.url],
        "deadlines": list(selectors.action_deadlines(action)),
        "pending_extension": pending_extension(action),
        "extension_agreed": any(extension.outcome == ExtensionRequest.Decision.AGREED
                                for extension in action.extensions.all()),
    })


def evidence(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document given as progress or evidence, to whoever reads the action."""
    action = authorised(request, selectors.action_for_page(pk=pk), "reviews.view_action")
    update = next((u for u in action.updates.all() if u.document_id == document_pk), None)
    if update is None:
        raise Http404
    document = update.document
    record_case_access(case=action.plan.case, user=request.user,
                       what=f"document {document.pk} downloaded (evidence of an action)")
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name,
                            content_type=document.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# Each step page: the transition it makes (the workflow says when it is open), its form, and
# the service it calls with the form's data.

def _reason(label: str, message: str, button: str):
    return lambda request, action: forms.ReasonForm(request.POST or None, label=label,
                                                    message=message, button=button)


STEPS = {
    "agree": ("agree", lambda request, action: forms.AgreeForm(
        request.POST or None, initial={"agreed_on": today()}),
        lambda action, user, data: services.agree_action(action=action, actor=user, **data)),
    "update": ("record_update", lambda request, action: forms.UpdateForm(
        request.POST or None, request.FILES or None, initial={"written_on": today()}),
        lambda action, user, data: services.record_update(action=action, actor=user, **data)),
    "complete": ("mark_completed", lambda request, action: forms.CompleteForm(
        request.POST or None, request.FILES or None, initial={"completed_on": today()}),
        lambda action, user, data: services.mark_completed(action=action, actor=user,
                                                           **data)),
    "accept": ("accept_evidence", lambda request, action: forms.AcceptForm(
        request.POST or None, initial={"accepted_on": today()}),
        lambda action, user, data: services.accept_evidence(action=action, actor=user,
                                                            **data)),
    "send-back": ("send_back_evidence", _reason(
        "Why is the evidence sent back?", "Say why the evidence is sent back",
        "Send the evidence back"),
        lambda action, user, data: services.send_back_evidence(action=action, actor=user,
                                                               **data)),
    "not-implemented": ("not_to_be_implemented", _reason(
        "Why is the action not to be implemented?",
        "Say why the action is not to be implemented", "Save the decision"),
        lambda action, user, data: services.not_to_be_implemented(action=action, actor=user,
                                                                  **data)),
    "request-extension": ("request_extension", lambda request, action:
                          forms.ExtensionRequestForm(request.POST or None,
                                                     initial={"requested_on": today()}),
                          lambda action, user, data: services.request_extension(
                              action=action, actor=user, **data)),
    "decide-extension": ("decide_extension", lambda request, action:
                         forms.ExtensionDecisionForm(request.POST or None,
                                                     initial={"decided_on": today()}),
                         lambda action, user, data: services.decide_extension(
                             action=action, actor=user, **data)),
    "escalation-response": ("record_escalation_response", lambda request, action:
                            forms.EscalationResponseForm(
                                request.POST or None, initial={"responded_on": today()},
                                escalations=action.escalations.filter(
                                    pk__in=[e.pk for e in awaiting_response(action)])),
                            lambda action, user, data: services.record_escalation_response(
                                action=action, actor=user, **data)),
    "require-audit": ("require_audit", lambda request, action: forms.RequireAuditForm(
        request.POST or None, initial={"required_on": today()}),
        lambda action, user, data: services.require_audit(action=action, actor=user, **data)),
    "audit-finding": ("record_audit_finding", lambda request, action: forms.AuditFindingForm(
        request.POST or None, initial={"found_on": today()}),
        lambda action, user, data: services.record_audit_finding(action=action, actor=user,
                                                                 **data)),
}


def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404
    name, make_form, perform = STEPS[slug]
    declared = ACTION.transitions[name]
    action: Action = authorised(request, selectors.action_for_page(pk=pk),
                                "reviews.view_action")
    if not request.user.has_perm(declared.permission, action):
        raise PermissionDenied
    if why := workflow.why_not(action, name, request.user):
        return _not_now(request, action, f"{declared.label}: {why[0].lower()}{why[1:]}")
    form = make_form(request, action)
    if request.method == "POST" and form.is_valid():
        try:
            perform(action, request.user, form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            _saved(request, declared.label)
            return redirect(action)
    return render(request, "reviews/action_plans/step.html", {
        "action": action, "plan": action.plan, "title": declared.label, "form": form,
        "back_to": action, "pending_extension": pending_extension(action)})
