"""The practitioners and family pages: the list (practitioners, family members, contacts and
what this person can do now), and a page for each record, added or changed. Addresses carry
the review's number and a row's number only: never a name. Whoever may not see these records
(a reviewer the partners have not allowed) gets a refusal, whatever the address."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.services import record_case_access
from safeguarding import workflow
from safeguarding.choices import YesNo
from safeguarding.dates import today
from safeguarding.http import authorised
from safeguarding.models import Agency
from safeguarding.workflow import TransitionNotAllowed

from ..models import Lcspr
from ..workflow import LCSPR
from . import forms, selectors, services
from .workflow import ENGAGEMENT_STEPS

VIEW = "reviews.view_lcspr_engagement"
FAMILY_FIELDS = ("name", "relationship", "relationship_details", "engaged_by",
                 "engaged_by_name", "first_approached_on", "taking_part", "consent",
                 "consent_on", "consent_not_sought_reason", "expectations_explained_on",
                 "expectations_told", "wants_report", "saw_report_on")
PRACTITIONER_FIELDS = ("user", "name", "agency", "organisation", "role", "engagement",
                       "engagement_details", "engaged_on", "support_offered", "support_by",
                       "told_of_outcome_on")


def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_engagement(pk=pk), VIEW)
    record_case_access(case=lcspr.case, user=request.user, what="LCSPR practitioners and family")
    return render(request, "reviews/lcspr/engagement/engagement.html", {
        "lcspr": lcspr, "case": lcspr.case,
        "steps": _steps(lcspr, request.user),
        "may_change_practitioners": workflow.can(lcspr, "record_practitioner", request.user),
        "may_change_family": workflow.can(lcspr, "record_family_member", request.user),
    })


def _steps(lcspr: Lcspr, user) -> list[dict[str, str]]:
    """What this person can do here now (asking only about these steps: the review's other
    guards read what this page does not load)."""
    return [{"label": LCSPR.transitions[name].label, "url": LCSPR.transitions[name].page(lcspr)}
            for name in ENGAGEMENT_STEPS if workflow.can(lcspr, name, user)]


@dataclass(frozen=True)
class Page:
    """A page of the practitioners and family: the transition it makes, its form (given the
    row changed, or None), the service it calls with the form's answers, and how it finds
    the row it changes (None: rows are only added)."""

    transition: str
    title: str
    form: Callable[[HttpRequest, Lcspr, Any], forms.EngagementForm]
    perform: Callable[[Lcspr, Any, dict, Any], object]
    row: Callable[[Lcspr, int], Any] | None = None
    change_title: str = ""


def _initial(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names} if row is not None else {}


def _practitioner_form(request: HttpRequest, lcspr: Lcspr, row) -> forms.PractitionerForm:
    return forms.PractitionerForm(request.POST or None,
                                  initial=_initial(row, PRACTITIONER_FIELDS),
                                  accounts=selectors.practitioner_accounts(),
                                  agencies=Agency.objects.filter(is_active=True))


def _family_form(request: HttpRequest, lcspr: Lcspr, row) -> forms.FamilyMemberForm:
    initial = _initial(row, FAMILY_FIELDS) or {
        "taking_part": "not_known", "consent": "not_asked", "wants_report": "not_asked"}
    if row is not None:
        initial["expectations_explained"] = (YesNo.YES if row.expectations_explained_on
                                             else YesNo.NO)
    return forms.FamilyMemberForm(request.POST or None, initial=initial)


def _contact_form(request: HttpRequest, lcspr: Lcspr, row) -> forms.ContactForm:
    return forms.ContactForm(request.POST or None,
                             family_members=list(selectors.family_members(lcspr)),
                             practitioners=list(selectors.practitioners(lcspr)),
                             initial={"contacted_on": today(),
                                      "made_by": request.user.full_name})


PAGES = {
    "practitioner": Page(
        "record_practitioner", "Record a practitioner involved", _practitioner_form,
        lambda lcspr, user, form, row: services.record_practitioner(
            lcspr=lcspr, actor=user, practitioner=row, **form.cleaned_data),
        row=selectors.practitioner_of, change_title="Change a practitioner's involvement"),
    "family-member": Page(
        "record_family_member", "Record a family member invited to contribute", _family_form,
        lambda lcspr, user, form, row: services.record_family_member(
            lcspr=lcspr, actor=user, family_member=row, **form.answers()),
        row=selectors.family_member_of, change_title="Change a family member's involvement"),
    "contact": Page(
        "record_engagement_contact", "Record a contact with a family member or practitioner",
        _contact_form, lambda lcspr, user, form, row: services.record_engagement_contact(
            lcspr=lcspr, actor=user, **form.answers())),
}
ACCESS = Page(
    "decide_reviewer_engagement_access",
    "Decide whether the reviewer sees the practitioners and family",
    lambda request, lcspr, row: forms.AccessForm(request.POST or None, initial={
        "allowed": YesNo.YES if lcspr.reviewer_sees_engagement else YesNo.NO,
        "decided_on": today()}),
    lambda lcspr, user, form, row: services.decide_reviewer_engagement_access(
        lcspr=lcspr, actor=user, allowed=form.cleaned_data["allowed"] == YesNo.YES,
        decided_on=form.cleaned_data["decided_on"]))


def reviewer_access(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk, ACCESS)


def add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in PAGES:
        raise Http404
    return _page(request, pk, PAGES[kind])


def change(request: HttpRequest, pk: int, kind: str, row: int) -> HttpResponse:
    if kind not in PAGES or PAGES[kind].row is None:
        raise Http404
    return _page(request, pk, PAGES[kind], row)


def _page(request: HttpRequest, pk: int, page: Page, row_pk: int | None = None) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_engagement_step(pk=pk), VIEW)
    declared = LCSPR.transitions[page.transition]
    if not request.user.has_perm(declared.permission, lcspr):
        raise PermissionDenied
    row = None
    if row_pk is not None and page.row is not None:
        row = page.row(lcspr, row_pk)
        if row is None:
            raise Http404
        record_case_access(case=lcspr.case, user=request.user,
                           what="LCSPR practitioners and family: a record to change")
    if why := workflow.why_not(lcspr, page.transition, request.user):
        messages.info(request, f"{declared.label}: {why[0].lower()}{why[1:]}")
        return redirect("lcspr:engagement", pk=lcspr.pk)
    form = page.form(request, lcspr, row)
    if request.method == "POST" and form.is_valid():
        try:
            page.perform(lcspr, request.user, form, row)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{lcspr.case.reference}: "
                                      f"{declared.label[0].lower()}{declared.label[1:]} — saved")
            return redirect("lcspr:engagement", pk=lcspr.pk)
    return render(request, "reviews/lcspr/engagement/step.html", {
        "lcspr": lcspr, "case": lcspr.case, "form": form,
        "title": page.change_title if row is not None else page.title})
