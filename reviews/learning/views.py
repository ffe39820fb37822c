"""The learning pages: a step page for each of the plan's learning steps and one to record
that a planned item was shared. Each fetches and authorises in one helper, validates, calls
one service and goes back to the plan. Addresses carry numbers only: never a name."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reviews.action_plans.workflow import PLAN
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.http import authorised
from safeguarding.workflow import TransitionNotAllowed

from . import forms, selectors, services
from .workflow import SHARED, unsent_key_findings

STEP_TEMPLATE = "reviews/learning/step.html"


def _not_now(request: HttpRequest, where, label: str, why: str) -> HttpResponse:
    messages.info(request, f"{label}: {why[0].lower()}{why[1:]}")
    return redirect(where)


# Each of the plan's steps: the transition it makes, its form, and the service it calls.
STEPS = {
    "share": ("record_learning_shared", lambda request, plan: forms.RecordSharedNowForm(
        request.POST or None, request.FILES or None, initial={"shared_on": today()}),
        lambda plan, user, data: services.record_shared_now(plan=plan, actor=user, **data)),
    "plan": ("plan_learning", lambda request, plan: forms.PlanSharingForm(request.POST or None),
             lambda plan, user, data: services.plan_sharing(plan=plan, actor=user, **data)),
    "capture": ("capture_learning", lambda request, plan: forms.CaptureForm(
        request.POST or None, initial={"captured_on": today()}),
        lambda plan, user, data: services.capture_learning(plan=plan, actor=user, **data)),
    "key-findings": ("send_key_findings", lambda request, plan: forms.SendKeyFindingsForm(
        request.POST or None, initial={"sent_on": today()}),
        lambda plan, user, data: services.send_key_findings(plan=plan, actor=user, **data)),
}


def plan_step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404
    name, make_form, perform = STEPS[slug]
    declared = PLAN.transitions[name]
    plan = authorised(request, selectors.plan_for_page(pk=pk), "reviews.view_actionplan")
    if not request.user.has_perm(declared.permission, plan):
        raise PermissionDenied
    if why := workflow.why_not(plan, name, request.user):
        return _not_now(request, plan, declared.label, why)
    form = make_form(request, plan)
    if request.method == "POST" and form.is_valid():
        try:
            perform(plan, request.user, form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{declared.label}: saved")
            return redirect(plan)
    return render(request, STEP_TEMPLATE, {
        "plan": plan, "title": declared.label, "form": form,
        "key_findings": unsent_key_findings(plan) if slug == "key-findings" else []})


def record_shared(request: HttpRequest, pk: int) -> HttpResponse:
    declared = SHARED.transitions["record_shared"]
    item = authorised(request, selectors.item_for_page(pk=pk), "reviews.record_learning")
    if not request.user.has_perm("reviews.view_actionplan", item.plan):
        raise PermissionDenied
    if why := workflow.why_not(item, "record_shared", request.user):
        return _not_now(request, item.plan, declared.label, why)
    form = forms.RecordSharedForm(request.POST or None, request.FILES or None,
                                  initial={"shared_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_shared(item=item, actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The learning shared: saved")
            return redirect(item.plan)
    return render(request, STEP_TEMPLATE, {
        "plan": item.plan, "item": item, "title": declared.label, "form": form})
