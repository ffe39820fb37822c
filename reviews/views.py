from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases.models import Case
from cases.selectors import case_by_reference
from cases.services import TransitionNotAllowed, record_case_access, today
from safeguarding.models import Agency

from . import forms, selectors, services
from .answers import return_answers
from .models import InformationReturn, KnownAgency, RapidReview
from .sections import BY_SLUG, SECTIONS


def _authorised(request: HttpRequest, record, permission: str):
    if record is None:
        raise Http404
    if not request.user.has_perm(permission, record):
        raise PermissionDenied
    return record


def _action_page(request: HttpRequest, *, case: Case, title: str, form) -> HttpResponse:
    return render(request, "cases/action.html", {"case": case, "title": title, "form": form})


def start(request: HttpRequest, reference: str) -> HttpResponse:
    case = _authorised(request, case_by_reference(reference=reference),
                       "reviews.start_rapid_review")
    form = forms.StartRapidReviewForm(request.POST or None, initial={"decided_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.start_rapid_review(case=case, actor=request.user, **form.cleaned_data)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{case.reference}: the rapid review has started")
            return redirect(reverse("cases:case", args=[case.reference]) + "#rapid-review")
    return _action_page(request, case=case, title="Start the rapid review", form=form)


def _review(request: HttpRequest, pk: int, permission: str) -> RapidReview:
    review = RapidReview.objects.select_related("case__referral").filter(pk=pk).first()
    return _authorised(request, review, permission)


def send_requests(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.send_information_requests")
    asked = review.returns.values_list("agency_id", flat=True)
    agencies = Agency.objects.filter(is_active=True).exclude(pk__in=asked).order_by("name")
    form = forms.InformationRequestForm(
        request.POST or None, agencies=agencies,
        initial={"due_on": services.default_return_due(today())})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.send_information_requests(
                review=review, actor=request.user, agencies=form.cleaned_data["agencies"],
                due_on=form.cleaned_data["due_on"])
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{review.case.reference}: {len(made)} agenc"
                                      f"{'y' if len(made) == 1 else 'ies'} asked for a return")
            return redirect(reverse("cases:case", args=[review.case.reference])
                            + "#rapid-review")
    return _action_page(request, case=review.case, title="Ask agencies for information",
                        form=form)


# An agency's return.

def _return(request: HttpRequest, pk: int, permission: str) -> InformationReturn:
    information_return = _authorised(request, selectors.return_with_rows(pk=pk), permission)
    record_case_access(case=information_return.review.case, user=request.user,
                       what=f"information return of {information_return.agency.name}")
    return information_return


def _section_states(information_return: InformationReturn) -> list:
    incomplete = {problem.section for problem in services.return_problems(information_return)}
    return [(section, section.slug not in incomplete) for section in SECTIONS]


def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's task list while the return is open; the return as submitted otherwise,
    and for everyone else who may read it."""
    information_return = _return(request, pk, "reviews.view_information_return")
    may_change = request.user.has_perm("reviews.change_information_return", information_return)
    states = _section_states(information_return)
    return render(request, "reviews/return.html", {
        "item": information_return, "may_change": may_change, "states": states,
        "completed": sum(done for _section, done in states),
        "may_reopen": (information_return.is_locked and request.user.has_perm(
            "reviews.reopen_information_return", information_return)),
        "may_decide": request.user.has_perm("reviews.decide_known_agency"),
        "answers": [] if may_change else return_answers(information_return),
    })


def return_section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404
    information_return = _return(request, pk, "reviews.change_information_return")
    data = request.POST if request.method == "POST" else None
    form = page.form(data, instance=information_return)
    rows = None
    if page.rows:
        rows = page.rows(data, instance=information_return, prefix=page.slug)
        has_rows = bool(getattr(information_return,
                                page.rows.fk.remote_field.related_name).all())
        rows.extra = 1 if "add" in request.GET or not has_rows else 0
    if data is not None and form.is_valid() and (rows is None or rows.is_valid()):
        try:
            services.save_information_return(information_return=information_return,
                                             actor=request.user, form=form,
                                             formsets=[rows] if rows is not None else [])
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            if "add_row" in request.POST:
                return redirect(reverse("reviews:section", args=[pk, slug]) + "?add=1#add")
            messages.success(request, f"{page.title}: saved")
            return redirect(information_return)
    return render(request, "reviews/section.html", {
        "item": information_return, "page": page, "form": form, "rows": rows,
    })


def submit_return(request: HttpRequest, pk: int) -> HttpResponse:
    information_return = _return(request, pk, "reviews.change_information_return")
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.submit_information_return(information_return=information_return,
                                               actor=request.user)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        except TransitionNotAllowed as error:
            errors = [("", str(error))]
        else:
            messages.success(request, "Your return is submitted. The business unit will "
                                      "share it with the rapid review panel.")
            return redirect(information_return)
    return render(request, "reviews/check_return.html", {
        "item": information_return, "errors": errors,
        "answers": return_answers(information_return),
        "problems": services.return_problems(information_return),
    })


def reopen_return(request: HttpRequest, pk: int) -> HttpResponse:
    information_return = _return(request, pk, "reviews.reopen_information_return")
    form = forms.ReopenReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_information_return(information_return=information_return,
                                               actor=request.user,
                                               reason=form.cleaned_data["reason"])
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The return of {information_return.agency.name} is "
                                      "open again for the agency to correct")
            return redirect(information_return)
    return _action_page(request, case=information_return.review.case,
                        title=f"Reopen the return of {information_return.agency.name}",
                        form=form)


def decide_known_agency(request: HttpRequest, pk: int) -> HttpResponse:
    known = KnownAgency.objects.select_related(
        "information_return__review__case", "agency").filter(pk=pk).first()
    known = _authorised(request, known, "reviews.decide_known_agency")
    form = forms.KnownAgencyDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_known_agency(known_agency=known, actor=request.user,
                                         approve=form.cleaned_data["approve"])
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{known.name}: decision saved")
            return redirect(known.information_return)
    return _action_page(request, case=known.information_return.review.case,
                        title=f"Ask {known.name} for a return?", form=form)

