from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.services import record_case_access
from safeguarding.http import next_page
from safeguarding.models import LocalPolicy
from safeguarding.pageforms import OPTIONAL, mark_questions
from safeguarding.ratelimit import limited
from safeguarding.rows import (
    RowChange,
    answers_from,
    changes_without_errors,
    posted_again,
    relation_of,
)
from safeguarding.sections import Section, bound_section, posted
from safeguarding.versions import StaleEdit, current_version, show_stale

from . import progress, selectors, services
from .answers import referral_answers
from .forms import AuthorisingOfficerForm, PublicReferralForm
from .models import Referral
from .printing import notification_summary_pdf
from .sections import BY_SLUG


def _referral_for(request: HttpRequest, pk: int, permission: str) -> Referral:
    referral = selectors.referral_with_rows(pk=pk)
    if referral is None:
        raise Http404
    if not request.user.has_perm(permission, referral):
        raise PermissionDenied
    return referral


def _draft_for(request: HttpRequest, pk: int) -> Referral | HttpResponse:
    """The draft its author is editing; once it has been sent, a page that says so (someone
    coming back to a page of the form after submitting it), not a refusal."""
    referral = _referral_for(request, pk, "case_forms.view_referral")
    if referral.case_id:  # submitted: it opened a case
        return render(request, "case_forms/sent.html", {"referral": referral})
    if not request.user.has_perm("case_forms.change_referral", referral):
        raise PermissionDenied
    return referral


def _return_to(request: HttpRequest, referral: Referral) -> tuple[str, str]:
    """Where a section page goes back to, and the words for it: check your answers when it
    was opened from there (``?next=check``: a name, never an address taken from the
    request), else the task list."""
    if check := next_page(request, {"check": reverse("case_forms:check", args=[referral.pk])}):
        return check, "check your answers"
    return referral.get_absolute_url(), "the task list"


def your_referrals(request: HttpRequest) -> HttpResponse:
    return render(request, "case_forms/your_referrals.html", {
        "referrals": selectors.your_referrals(user=request.user),
        "may_refer": request.user.has_perm("case_forms.add_referral"),
    })


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("case_forms.add_referral"):
        raise PermissionDenied
    referral = services.start_referral(actor=request.user)
    return redirect(referral)


def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _draft_for(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    states = selectors.draft_states(referral)
    return render(request, "case_forms/task_list.html", {
        "referral": referral, "states": states, "completed": progress.completed(states),
    })


def section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404
    referral = _draft_for(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    kwargs = {}
    if page.slug == "route":
        kwargs["ask_about_care_leavers"] = LocalPolicy.current().ask_about_care_leaver_deaths
    form, rows = bound_section(request, page, referral, **kwargs)
    mark_questions(services.NEEDED_TO_SUBMIT, form,
                   *(rows.forms if rows is not None else ()), mark=OPTIONAL)
    back, back_to = _return_to(request, referral)
    kept = ""
    if request.method == "POST" and form.is_valid() and (rows is None or rows.is_valid()):
        try:
            services.save_referral_section(referral=referral, actor=request.user,
                                           section=page.slug, **posted(form, rows))
        except StaleEdit as error:
            show_stale(form, error, rows)
        else:
            if "add_row" in request.POST:
                again = "?add=1&next=check" if back != referral.get_absolute_url() else "?add=1"
                return redirect(reverse("case_forms:section", args=[pk, slug]) + again + "#add")
            messages.success(request, f"{page.title}: saved")
            return redirect(back)
    elif request.method == "POST":
        kept, rows = _keep_valid_answers(request, referral, page, form, rows)
        mark_questions(services.NEEDED_TO_SUBMIT, *(rows.forms if rows is not None else ()),
                       mark=OPTIONAL)
    return render(request, "case_forms/section.html", {
        "referral": referral, "page": page, "form": form, "rows": rows, "back": back,
        "back_label": f"Back to {back_to}", "save_label": f"Save and return to {back_to}",
        "kept": kept,
    })


def _keep_valid_answers(request: HttpRequest, referral: Referral, page: Section, form,
                        rows) -> tuple[str, Any]:
    """A page with errors: its answers and its rows without errors are saved all the same (the
    page says answers are saved as you go). Returns what to tell the person was saved (nothing
    if nothing was) and the page's rows to show again: the rows saved as saved rows, the rows
    with errors as typed. The page, shown again with the errors, carries the versions just
    saved, so that saving it again corrected is not refused as someone else's change."""
    if form.errors.get(NON_FIELD_ERRORS) or (rows is not None and rows.non_form_errors()):
        return "", rows
    answers = answers_from(form)  # the form's own clean has set them on the referral
    stored = selectors.stored_answers(pk=referral.pk, fields=list(answers))
    answers = {name: value for name, value in answers.items() if value != stored[name]}
    saved_rows = changes_without_errors(rows) if rows is not None else []
    if not answers and not saved_rows:  # nothing new to keep
        return "", rows
    try:
        created = services.save_referral_section(
            referral=referral, actor=request.user, answers=answers,
            version=form.cleaned_data.get("version"), section=page.slug,
            rows={relation_of(rows): [change for _, change in saved_rows]} if saved_rows
            else None)
    except StaleEdit as error:
        show_stale(form, error, rows)
        return "", rows
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current_version(referral)
    said = ["Your other answers on this page have been saved."] if answers else []
    if saved_rows:
        with_errors = sum(1 for row in rows.forms if row.errors and row.has_changed()
                          and not row.cleaned_data.get("DELETE"))
        said.append(_rows_saved(page.row_noun, [change for _, change in saved_rows],
                                with_errors))
        rows_of_page: Any = page.rows  # the page has rows: some were just saved
        rows = rows_of_page(posted_again(rows, saved_rows, created.get(relation_of(rows), [])),
                         instance=referral, prefix=page.slug)
        rows.is_valid()  # the rows with errors show them again
    else:
        said.append("Correct the answers with errors and save again.")
    return " ".join(said), rows


PLURALS = {"child": "children", "person": "people", "agency": "agencies"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun if number == 1 else PLURALS.get(noun, noun + 's')}"


def _rows_saved(noun: str, changes: list[RowChange], with_errors: int) -> str:
    """What was saved of a page's rows, in words: "We have added 2 children and removed 1
    child. The child with errors has not been saved: correct it and save again." """
    done = [f"{verb} {_count(number, noun)}" for verb, number in (
        ("added", sum(1 for change in changes if change.pk is None)),
        ("saved your changes to", sum(1 for change in changes
                                      if change.pk is not None and not change.delete)),
        ("removed", sum(1 for change in changes if change.delete))) if number]
    listed = ", ".join(done[:-1]) + " and " + done[-1] if len(done) > 1 else done[0]
    if not with_errors:
        return f"We have {listed}."
    left = (f"The {noun} with errors has not been saved: correct it" if with_errors == 1
            else f"The {_count(with_errors, noun)} with errors have not been saved: correct "
                 "them")
    return f"We have {listed}. {left} and save again."


def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _draft_for(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
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
        "referral": referral, "errors": errors,
        "problems": progress.problem_links(
            referral, services.submission_problems(referral, ask_about_care_leavers=ask)),
        "criteria": referral.criteria_met(ask_about_care_leavers=ask),
        "answers": referral_answers(referral, ask_about_care_leavers=ask),
        "authorising_officer_missing": services.authorising_officer_missing(referral),
    })


def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral's own page once sent: its reference and how far it has got (the
    confirmation panel just after submitting it)."""
    referral = _referral_for(request, pk, "case_forms.view_referral")
    if referral.case is None:
        return redirect(referral)
    just_sent = request.session.get("submitted_reference") == referral.case.reference
    if just_sent:
        del request.session["submitted_reference"]
    decisions = selectors.decisions_referrer_sees(case_ids=[referral.case_id])
    return render(request, "case_forms/submitted.html", {
        "referral": referral, "just_sent": just_sent,
        "stages": progress.referrer_progress(referral.case, decisions.get(referral.case_id, [])),
        "authorising_officer_missing": services.authorising_officer_missing(referral),
        "may_add_authorising_officer": request.user.has_perm(
            "case_forms.add_authorising_officer", referral),
    })


def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author deletes a draft they no longer need, after confirming."""
    referral = _draft_for(request, pk)
    if isinstance(referral, HttpResponse):
        return referral
    name = progress.draft_name(referral)
    if request.method == "POST":
        services.delete_draft_referral(referral=referral, actor=request.user)
        messages.success(request, f"Draft referral deleted: {name}")
        return redirect("case_forms:list")
    states = selectors.draft_states(referral)
    return render(request, "case_forms/delete_draft.html", {
        "referral": referral, "name": name,
        "progress": progress.draft_progress(states, timezone.localdate(referral.created_at)),
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
        if limited(request, group="public-referral", rate=f"{PUBLIC_REFERRALS_PER_HOUR}/h"):
            return render(request, "case_forms/public_too_many.html",
                          {"contact": _partnership_contact()}, status=429)
        if form.is_valid():
            case = services.submit_public_referral(answers=form.cleaned_data)
            # The receipt code, never the case's sequential reference (issue 17 point 12).
            request.session["public_receipt"] = case.referral.receipt
            return redirect("public-referral-sent")
    return render(request, "case_forms/public_referral.html", {"form": form})


@login_not_required
def public_referral_sent(request: HttpRequest) -> HttpResponse:
    """Shows the receipt code once, and nothing else that was stored."""
    receipt = request.session.pop("public_receipt", None)
    if not isinstance(receipt, str) or not receipt:
        return redirect("public-referral")
    return render(request, "case_forms/public_sent.html", {
        "receipt": receipt, "contact": _partnership_contact()})


def _partnership_contact() -> dict[str, str]:
    """How the public reaches the partnership's business unit (config.settings)."""
    return {"name": settings.PARTNERSHIP_NAME, "phone": settings.PARTNERSHIP_CONTACT_PHONE,
            "email": settings.PARTNERSHIP_CONTACT_EMAIL,
            "hours": settings.PARTNERSHIP_CONTACT_HOURS}


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
