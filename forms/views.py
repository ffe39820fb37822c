from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.services import record_case_access
from safeguarding.models import LocalPolicy
from safeguarding.ratelimit import allow, client_address
from safeguarding.rows import answers_from
from safeguarding.sections import Section, bound_section, posted
from safeguarding.versions import StaleEdit, show_stale

from . import selectors, services
from .answers import referral_answers
from .forms import AuthorisingOfficerForm, PublicReferralForm
from .models import Referral
from .printing import notification_summary_pdf
from .sections import BY_SLUG, SECTIONS


def _referral_for(request: HttpRequest, pk: int, permission: str) -> Referral:
    referral = selectors.referral_with_rows(pk=pk)
    if referral is None:
        raise Http404
    if not request.user.has_perm(permission, referral):
        raise PermissionDenied
    return referral


def your_referrals(request: HttpRequest) -> HttpResponse:
    return render(request, "case_forms/your_referrals.html", {
        "referrals": selectors.referrals_made_by(user=request.user),
        "may_refer": request.user.has_perm("case_forms.add_referral"),
    })


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("case_forms.add_referral"):
        raise PermissionDenied
    referral = services.start_referral(actor=request.user)
    return redirect(referral)


def _section_states(referral: Referral) -> list[tuple[Section, bool]]:
    incomplete = {problem.section for problem in services.submission_problems(referral)}
    return [(section, section.slug not in incomplete) for section in SECTIONS]


def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for(request, pk, "case_forms.view_referral")
    if referral.case_id:  # submitted: it opened a case
        return redirect("case_forms:submitted", pk=pk)
    states = _section_states(referral)
    return render(request, "case_forms/task_list.html", {
        "referral": referral, "states": states,
        "completed": sum(done for _section, done in states),
    })


def section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404
    referral = _referral_for(request, pk, "case_forms.change_referral")
    kwargs = {}
    if page.slug == "route":
        kwargs["ask_about_care_leavers"] = LocalPolicy.current().ask_about_care_leaver_deaths
    form, rows = bound_section(request, page, referral, **kwargs)
    if request.method == "POST" and form.is_valid() and (rows is None or rows.is_valid()):
        try:
            services.save_referral_section(referral=referral, actor=request.user,
                                           **posted(form, rows))
        except StaleEdit as error:
            show_stale(form, error, rows)
        else:
            if "add_row" in request.POST:
                return redirect(reverse("case_forms:section", args=[pk, slug]) + "?add=1#add")
            messages.success(request, f"{page.title}: saved")
            return redirect(referral)
    return render(request, "case_forms/section.html", {
        "referral": referral, "page": page, "form": form, "rows": rows,
    })


def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for(request, pk, "case_forms.change_referral")
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            case = services.submit_referral(referral=referral, actor=request.user)
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            request.session["submitted_reference"] = case.reference
            return redirect("case_forms:submitted", pk=pk)
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    return render(request, "case_forms/check_answers.html", {
        "referral": referral, "problems": services.submission_problems(referral),
        "errors": errors, "criteria": referral.criteria_met(ask_about_care_leavers=ask),
        "answers": referral_answers(referral, ask_about_care_leavers=ask),
        "authorising_officer_missing": services.authorising_officer_missing(referral),
    })


def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for(request, pk, "case_forms.view_referral")
    if referral.case is None:
        return redirect(referral)
    return render(request, "case_forms/submitted.html", {
        "referral": referral,
        "authorising_officer_missing": services.authorising_officer_missing(referral),
        "may_add_authorising_officer": request.user.has_perm(
            "case_forms.add_authorising_officer", referral),
    })


def authorising_officer(request: HttpRequest, pk: int) -> HttpResponse:
    """The author adds the authorising officer's agreement to a submitted referral."""
    referral = _referral_for(request, pk, "case_forms.add_authorising_officer")
    form = AuthorisingOfficerForm(request.POST if request.method == "POST" else None,
                                  instance=referral, versioned=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_authorising_officer(
                referral=referral, actor=request.user, answers=answers_from(form),
                version=form.cleaned_data.get("version"))
        except StaleEdit as error:
            show_stale(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The authorising officer's agreement has been added")
            return redirect("case_forms:submitted", pk=pk)
    return render(request, "case_forms/authorising_officer.html", {
        "referral": referral, "form": form})


PUBLIC_REFERRALS_PER_HOUR = 5


@login_not_required
def public_referral(request: HttpRequest) -> HttpResponse:
    form = PublicReferralForm(request.POST or None)
    if request.method == "POST":
        if not allow(key=f"public-referral:{client_address(request)}",
                     limit=PUBLIC_REFERRALS_PER_HOUR, seconds=3600):
            return render(request, "case_forms/public_too_many.html", status=429)
        if form.is_valid():
            case = services.submit_public_referral(answers=form.cleaned_data)
            request.session["public_reference"] = case.reference
            return redirect("public-referral-sent")
    return render(request, "case_forms/public_referral.html", {"form": form})


@login_not_required
def public_referral_sent(request: HttpRequest) -> HttpResponse:
    """Shows the reference once, and nothing else that was stored."""
    reference = request.session.pop("public_reference", None)
    if reference is None:
        return redirect("public-referral")
    return render(request, "case_forms/public_sent.html", {"reference": reference})


def notification_summary(request: HttpRequest, reference: str) -> HttpResponse:
    case = Case.objects.select_related("referral").filter(reference=reference).first()
    if case is None or getattr(case, "referral", None) is None:
        raise Http404
    if not request.user.has_perm("cases.view_case_in_full", case):
        raise PermissionDenied
    record_case_access(case=case, user=request.user, what="notification summary PDF")
    pdf = notification_summary_pdf(case=case, partnership=settings.PARTNERSHIP_NAME)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{case.reference}-notification-summary.pdf"')
    return response
