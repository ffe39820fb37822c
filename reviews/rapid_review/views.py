from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases.forms import CorrectDateForm
from cases.models import Case
from cases.selectors import case_by_reference
from cases.services import record_case_access
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.http import authorised, next_page
from safeguarding.models import Agency
from safeguarding.pageforms import REQUIRED, mark_questions
from safeguarding.rows import answers_from, changes_from
from safeguarding.sections import bound_section, posted
from safeguarding.versions import StaleEdit, show_stale
from safeguarding.workflow import TransitionNotAllowed

from . import chronology_import as chronology_import_rows
from . import forms, printing, selectors, services
from .answers import return_answers
from .dates import review_timeline
from .models import InformationReturn, KnownAgency, RapidReview
from .sections import BY_SLUG


def _action_page(request: HttpRequest, *, case: Case, title: str, form) -> HttpResponse:
    record_case_access(case=case, user=request.user, what=f"rapid review: {title}")
    return render(request, "action.html", {"case": case, "title": title, "form": form})


def _not_now(request: HttpRequest, where, why: str) -> HttpResponse:
    """A page whose change the record's state does not allow now: say so where it is."""
    messages.info(request, why)
    return redirect(where)


def start(request: HttpRequest, reference: str) -> HttpResponse:
    case = authorised(request, case_by_reference(reference=reference),
                      "reviews.start_rapid_review")
    if hasattr(case, "rapid_review"):
        return _not_now(request, case.rapid_review, "The rapid review has already started.")
    if why := workflow.why_not(case, "start_rapid_review", request.user):
        return _not_now(request, case, why)
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
    return authorised(request, review, permission)


def send_requests(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.send_information_requests")
    if why := workflow.why_not(review, "send_information_requests", request.user):
        return _not_now(request, review, why)
    asked = review.returns.filter(lcspr=None).values_list("agency_id", flat=True)
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
    information_return = authorised(request, selectors.return_with_rows(pk=pk), permission)
    record_case_access(case=information_return.review.case, user=request.user,
                       what=f"information return of {information_return.agency.name}")
    return information_return


def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's task list while the return is open; the return as submitted otherwise,
    and for everyone else who may read it."""
    information_return = _return(request, pk, "reviews.view_information_return")
    may_change = request.user.has_perm("reviews.change_information_return", information_return)
    states = services.section_states(information_return)
    required = services.required_sections(information_return)
    return render(request, "reviews/return.html", {
        "item": information_return, "may_change": may_change, "states": states,
        "completed": sum(state.state == services.COMPLETED for state in states
                         if state.section.slug in required),
        "required": len(required),
        "may_reopen": workflow.can(information_return, "reopen_return", request.user),
        "locked_because": services.lock_reason(information_return),
        "answers": [] if may_change else return_answers(information_return),
        "scope": forms.THREE_YEAR_SCOPE,
    })


CHRONOLOGY_BLANK_ROWS = 5


def _check_answers(request: HttpRequest, information_return: InformationReturn) -> str:
    """Check your answers, when a section page was opened from it (``?next=check``), or ""."""
    return next_page(request, {"check": reverse("reviews:submit", args=[information_return.pk])})


def _number_row_errors(rows, noun: str) -> None:
    """Each row's errors name the row, as the error summary lists them all together."""
    for number, row in enumerate(rows.forms, start=1):
        for name in list(row.errors):
            row.errors[name] = row.error_class(
                [f"{noun.capitalize()} {number}: {message}" for message in row.errors[name]])


def return_section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    page = BY_SLUG.get(slug)
    if page is None:
        raise Http404
    information_return = _return(request, pk, "reviews.change_information_return")
    back = _check_answers(request, information_return)
    form, rows = bound_section(request, page, information_return)
    if rows is not None and slug == "chronology":  # real chronologies run to 20-40 events
        rows.extra = CHRONOLOGY_BLANK_ROWS * (2 if "add" in request.GET else 1)
    progress = forms.SectionProgressForm(
        request.POST if request.method == "POST" else None,
        initial={"completed": {services.COMPLETED: "yes", services.IN_PROGRESS: "no"}.get(
            (information_return.section_progress or {}).get(slug), "")})
    progress.fields["completed"].required = False  # unanswered: the section is in progress
    valid = [form.is_valid(), rows is None or rows.is_valid(), progress.is_valid()]
    if request.method == "POST" and all(valid):
        try:
            services.save_information_return(
                information_return=information_return, actor=request.user,
                section=slug, completed=bool(progress.cleaned_data["completed"]),
                **posted(form, rows))
        except StaleEdit as error:
            show_stale(form, error, rows)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        except services.SectionIncomplete as error:
            progress.add_error("completed", error)
        except ValidationError as error:  # a row the business unit has decided on
            form.add_error(None, error)
        else:
            if "add_row" in request.POST:
                return redirect(request.path + "?add=1" + ("&next=check" if back else "")
                                + "#add")
            messages.success(request, f"{page.title}: saved")
            return redirect(back or information_return.get_absolute_url())
    if rows is not None:
        _number_row_errors(rows, page.row_noun)
    mark_questions(services.required_fields(information_return, slug), form,
                   *(rows.forms if rows is not None else ()), mark=REQUIRED)
    return render(request, "reviews/section.html", {
        "item": information_return, "page": page, "form": form, "rows": rows,
        "progress": progress, "back": back,
        "add_label": "Save and add more rows" if slug == "chronology" else "",
        "save_label": "Save and return to check your answers" if back else "",
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
                                      "share it with the "
                                      + ("reviewer." if information_return.lcspr_id
                                         else "rapid review panel."))
            return redirect(information_return)
    return render(request, "reviews/check_return.html", {
        "item": information_return, "errors": errors,
        "answers": return_answers(information_return),
        "problems": services.return_problems(information_return),
        "change_query": "?next=check",
    })


def reopen_return(request: HttpRequest, pk: int) -> HttpResponse:
    information_return = _return(request, pk, "reviews.reopen_information_return")
    if why := workflow.why_not(information_return, "reopen_return", request.user):
        return _not_now(request, information_return, why)
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
    known = authorised(request, known, "reviews.decide_known_agency")
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


# The rapid review's own page and its changes, each on its own question page.

def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = authorised(request, selectors.review_for_page(pk=pk), "reviews.view_rapidreview")
    record_case_access(case=review.case, user=request.user, what="rapid review page")
    return render(request, "reviews/review.html", {
        "review": review, "case": review.case,
        "warnings": services.representation_warnings(review),
        "tasks": workflow.task_list(review, request.user,
                                    selectors.review_decisions(review)),
        "steps": [step for step in workflow.available(review, request.user) if step.url],
        "sign_offs": selectors.sign_off_rows(review),
        "kept_packs": selectors.kept_panel_packs(review=review),
    })


def _date_step(*, noun: str, label: str, perform, allow_future: bool = False,
               button: str = "Save"):
    def run(request: HttpRequest, review: RapidReview):
        form = forms.DateForm(request.POST or None, noun=noun, label=label,
                              allow_future=allow_future, button=button)
        if request.method == "POST" and form.is_valid():
            return form, lambda: perform(review, request.user, form.cleaned_data["on"])
        return form, None
    return run


def _form_step(form_class, perform, **form_kwargs):
    def run(request: HttpRequest, review: RapidReview):
        kwargs = {key: value(review) for key, value in form_kwargs.items()}
        if "agency" in kwargs:  # the declaration names the signer's own agency
            kwargs["agency"] = request.user.agency
        form = form_class(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            return form, lambda: perform(review, request.user, form.cleaned_data)
        return form, None
    return run


def _panel_people(review: RapidReview):
    return selectors.panel_candidates()


# Each step page: the transition it makes (the workflow says when it is open) and its form.
STEPS = {
    "panel": ("choose_panel", _form_step(
        forms.PanelForm, lambda review, user, data: services.choose_panel(
            review=review, actor=user, members=data["members"]), people=_panel_people,
        review=lambda review: review)),
    "pack": ("circulate_panel_pack", _date_step(
        noun="the date the pack was circulated", label="When was the panel pack circulated?",
        perform=lambda review, user, on: services.circulate_panel_pack(
            review=review, actor=user, circulated_on=on))),
    "meeting": ("schedule_meeting", _date_step(
        noun="the date of the meeting", allow_future=True,
        label="When does the rapid review panel meet?",
        perform=lambda review, user, on: services.schedule_meeting(
            review=review, actor=user, meeting_on=on))),
    "held": ("record_meeting_held", _date_step(
        noun="the date of the meeting", label="When did the panel meet?",
        perform=lambda review, user, on: services.record_meeting_held(
            review=review, actor=user, held_on=on))),
    "decision": ("record_partners_decision", _form_step(
        forms.PartnersDecisionForm,
        lambda review, user, data: services.record_partners_decision(
            review=review, actor=user, **data), review=lambda review: review)),
    "return-to-panel": ("return_to_panel", _form_step(
        forms.ReturnToPanelForm, lambda review, user, data: services.return_to_panel(
            review=review, actor=user, **data))),
    "sign-off": ("sign_off", _form_step(
        forms.SignOffForm, lambda review, user, data: services.sign_off(
            review=review, actor=user, signed_on=data["on"],
            decision_version=data["decision_version"]),
        review=lambda review: review, agency=lambda review: None)),
    "decline": ("decline_sign_off", _form_step(
        forms.DeclineSignOffForm, lambda review, user, data: services.decline_sign_off(
            review=review, actor=user, decision_version=data["decision_version"],
            reason=data["reason"]),
        review=lambda review: review)),
    "extension": ("record_extension_notice", _form_step(
        forms.ExtensionForm, lambda review, user, data: services.record_extension_notice(
            review=review, actor=user, **data))),
    "submission": ("record_submission", _date_step(
        noun="the date it was sent", label="When was it sent?",
        perform=lambda review, user, on: services.record_submission(
            review=review, actor=user, submitted_on=on))),
    "panel-response": ("record_panel_response", _form_step(
        forms.PanelResponseForm, lambda review, user, data: services.record_panel_response(
            review=review, actor=user, **data))),
    "answers": ("record_answers_sent", _form_step(
        forms.AnswersForm, lambda review, user, data: services.record_answers_sent(
            review=review, actor=user, **data))),
    "family": ("record_family_told", _form_step(
        forms.FamilyToldForm, lambda review, user, data: services.record_family_told(
            review=review, actor=user, **data))),
    "publication": ("record_publication", _form_step(
        forms.PublicationForm, lambda review, user, data: services.record_publication(
            review=review, actor=user, **data))),
    "correct-date": ("correct_date", _form_step(
        CorrectDateForm, lambda review, user, data: services.correct_review_date(
            review=review, actor=user, field=data["field"], new_date=data["new_date"],
            reason=data["reason"]),
        dates=lambda review: review_timeline(review).correctable())),
    "conclude": ("conclude", _form_step(
        forms.ConcludeForm, lambda review, user, data: services.conclude_rapid_review(
            review=review, actor=user, **data), expected=services.expected_next_step,
        disagreed=services.panel_disagreed)),
}
# The steps whose page shows what is decided or signed, above the form.
SHOWS = {"decision": "reviews/_recommendation_summary.html",
         "return-to-panel": "reviews/_recommendation_summary.html",
         "sign-off": "reviews/_decision_summary.html",
         "decline": "reviews/_decision_summary.html"}


def step(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    if slug not in STEPS:
        raise Http404
    name, run = STEPS[slug]
    declared = workflow.workflow_of(RapidReview).transitions[name]
    title = declared.label
    review = _review(request, pk, declared.permission)
    if why := workflow.why_not(review, name, request.user):
        return _not_now(request, review, f"{title}: {why[0].lower()}{why[1:]}")
    form, perform = run(request, review)
    if perform is not None:
        try:
            perform()
        except services.DecisionChanged as error:
            # The page showed another version of the decision: show the one that stands.
            messages.error(request, str(error))
            return redirect(request.path)
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{review.case.reference}: {title[0].lower()}{title[1:]}"
                                      " — saved")
            return redirect(review)
    record_case_access(case=review.case, user=request.user, what=f"rapid review: {title}")
    return render(request, "reviews/step.html", {
        "review": review, "case": review.case, "title": title, "form": form,
        "shows": SHOWS.get(slug, ""), "sign_offs": selectors.sign_off_rows(review)})


def _rows_page(request: HttpRequest, review: RapidReview, *, title: str, form, rows,
               row_noun: str, save, lead: list[str] | None = None) -> HttpResponse:
    if request.method == "POST" and (form is None or form.is_valid()) and rows.is_valid():
        try:
            save()
        except StaleEdit as error:
            if form is not None:
                show_stale(form, error, rows)
            else:
                rows.take_current_versions(rows.data.copy())
                messages.error(request, " ".join(error.messages))
        except (ValidationError, TransitionNotAllowed) as error:
            if form is not None:
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if "add_row" in request.POST:
                return redirect(request.path + "?add=1#add")
            messages.success(request, f"{review.case.reference}: {title[0].lower()}{title[1:]}"
                                      " — saved")
            return redirect(review)
    record_case_access(case=review.case, user=request.user, what=f"rapid review: {title}")
    return render(request, "reviews/rows_page.html", {
        "review": review, "case": review.case, "page": {"title": title, "row_noun": row_noun},
        "form": form, "rows": rows, "lead": lead or []})


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Every member of the review's panel (came, sent a deputy, gave apologies) and anyone
    else who attended (a few blank rows), saved together."""
    review = _review(request, pk, "reviews.run_rapid_review")
    if why := workflow.why_not(review, "record_attendance", request.user):
        return _not_now(request, review, why)
    data = request.POST if request.method == "POST" else None
    members = forms.MemberForms(forms.MemberAttendanceForm(data, member=member, row=row)
                                for member, row in selectors.panel_attendance(review))
    others = forms.AttendanceFormSet(data, instance=review, prefix="attendance",
                                     queryset=review.attendance.filter(member=None))
    others.extra = 3
    if data is not None and all(form.is_valid() for form in members) and others.is_valid():
        try:
            services.record_attendance(
                review=review, actor=request.user, attendance=changes_from(others),
                members=[services.MemberPresence(member_id=form.member.pk, **form.cleaned_data)
                         for form in members])
        except StaleEdit as error:
            again = others.data.copy()
            others.take_current_versions(again)
            members.take_current_versions(again, {
                member.pk: row for member, row in selectors.panel_attendance(review)})
            messages.error(request, " ".join(error.messages))
        except (ValidationError, TransitionNotAllowed) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"{review.case.reference}: attendance at the panel"
                                      " — saved")
            if "add" in request.POST:  # more blank rows for more people, without JavaScript
                return redirect(request.path)
            return redirect(review)
    record_case_access(case=review.case, user=request.user, what="rapid review: attendance")
    return render(request, "reviews/attendance.html", {
        "review": review, "case": review.case, "members": members, "rows": others,
        "page": {"title": "Record who attended the panel", "row_noun": "other person"}})


def parallel_processes(request: HttpRequest, pk: int) -> HttpResponse:
    """004 section 11.1: the other reviews and investigations, one row each."""
    review = _review(request, pk, "reviews.run_rapid_review")
    if why := workflow.why_not(review, "record_parallel_processes", request.user):
        return _not_now(request, review, why)
    data = request.POST if request.method == "POST" else None
    rows = forms.ParallelProcessFormSet(data, instance=review, prefix="processes")
    rows.extra = 1 if "add" in request.GET or not review.parallel_processes.exists() else 0
    return _rows_page(request, review, title="Record any parallel processes", form=None,
                      rows=rows, row_noun="parallel process",
                      lead=selectors.parallel_processes_at_referral(review),
                      save=lambda: services.record_parallel_processes(
                          review=review, actor=request.user, processes=changes_from(rows)))


def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, "reviews.record_recommendation")
    if why := workflow.why_not(review, "record_recommendation", request.user):
        return _not_now(request, review, why)
    data = request.POST if request.method == "POST" else None
    form = forms.OutcomeForm(data, instance=review, versioned=True)
    rows = forms.ImmediateActionFormSet(data, instance=review, prefix="actions")
    rows.extra = 1 if "add" in request.GET else 0
    return _rows_page(request, review, title="Record the panel's outcome and recommendation",
                      form=form, rows=rows, row_noun="immediate safety action",
                      save=lambda: services.record_recommendation(
                          review=review, actor=request.user, outcome=answers_from(form),
                          version=form.cleaned_data.get("version"),
                          actions=changes_from(rows)))


def _pdf(request: HttpRequest, pk: int, *, what: str, make) -> HttpResponse:
    review = authorised(request, selectors.review_for_page(pk=pk), "reviews.view_rapidreview")
    record_case_access(case=review.case, user=request.user, what=what)
    response = HttpResponse(make(review=review, partnership=settings.PARTNERSHIP_NAME),
                            content_type="application/pdf")
    name = f"{review.case.reference}-{what.replace(' ', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def panel_pack(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, what="panel pack", make=printing.panel_pack_pdf)


def kept_panel_pack(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The panel pack as it was circulated (kept then as a document of the case), for
    whoever reads the review, its panel included: what the panel read, whatever changed
    since."""
    review = authorised(request, RapidReview.objects.select_related("case").filter(
       pk=pk).first(), "reviews.view_rapidreview")
    document = selectors.kept_panel_pack(review=review, pk=document_pk)
    if document is None:
        raise Http404
    record_case_access(case=review.case, user=request.user,
                       what=f"panel pack as circulated (document {document.pk})")
    return FileResponse(document.file.open("rb"), filename=document.original_name,
                        content_type=document.content_type)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, what="rapid review report", make=printing.rapid_review_pdf)


# A chronology imported from a spreadsheet: read, shown, and added once the agency confirms.
# What was read waits in the session (plain data, bounded by the file's size), never in the
# page, and is checked again by the chronology's form when it is added.

PENDING_IMPORT = "chronology_import"


def chronology_import(request: HttpRequest, pk: int) -> HttpResponse:
    information_return = _return(request, pk, "reviews.change_information_return")
    form = forms.ChronologyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > chronology_import_rows.MAX_BYTES:
                raise chronology_import_rows.UnreadableFile(
                    "The selected file must be smaller than 2 MB")
            read = chronology_import_rows.checked(chronology_import_rows.read_chronology(
                upload.name, upload.read(chronology_import_rows.MAX_BYTES + 1)))
        except chronology_import_rows.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            request.session[PENDING_IMPORT] = {"return": information_return.pk,
                                               "rows": read.rows, "refused": read.refused}
            return redirect("reviews:chronology-import-check", pk=information_return.pk)
    return render(request, "reviews/chronology_import.html", {
        "item": information_return, "form": form})


def chronology_import_check(request: HttpRequest, pk: int) -> HttpResponse:
    information_return = _return(request, pk, "reviews.change_information_return")
    pending = request.session.get(PENDING_IMPORT) or {}
    if pending.get("return") != information_return.pk:
        return redirect("reviews:chronology-import", pk=information_return.pk)
    try:
        events = [chronology_import_rows.checked_event(row["data"]) for row in pending["rows"]]
    except (ValueError, KeyError, TypeError):  # kept under other rules: read the file again
        del request.session[PENDING_IMPORT]
        return redirect("reviews:chronology-import", pk=information_return.pk)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            added = services.import_chronology(information_return=information_return,
                                               actor=request.user, events=events)
        except (ValidationError, TransitionNotAllowed) as error:
            errors = [("", message) for message in getattr(error, "messages", [str(error)])]
        else:
            del request.session[PENDING_IMPORT]
            messages.success(request, f"{added} event{'s' if added != 1 else ''} added to "
                                      "the chronology")
            return redirect("reviews:section", pk=information_return.pk, slug="chronology")
    return render(request, "reviews/chronology_import_check.html", {
        "item": information_return, "errors": errors, "refused": pending["refused"],
        "rows": [(row["row"], event) for row, event in zip(pending["rows"], events,
                                                            strict=True)]})

