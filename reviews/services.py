"""Every change to a rapid review and its information returns."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseFormSet, ModelForm

from cases.models import Case
from cases.services import TransitionNotAllowed, move_case_for_rapid_review, today
from deadlines import calendar
from deadlines.models import Clock
from deadlines.services import sync
from safeguarding.models import Agency, User

from .models import InformationReturn, KnownAgency, RapidReview


def _require(actor: User, permission: str, record=None) -> None:
    if not actor.has_perm(permission, record):
        raise PermissionDenied


def _not_in_future(value: date | None, what: str) -> None:
    if value and value > today():
        raise ValidationError(f"{what} must be today or in the past")


@transaction.atomic
def start_rapid_review(*, case: Case, actor: User, decided_on: date,
                       decision_note: str) -> RapidReview:
    """Record the decision to undertake a rapid review of a notified case (000 stage 3)."""
    _require(actor, "reviews.start_rapid_review", case)
    _not_in_future(decided_on, "The date of the decision")
    if not decision_note.strip():
        raise ValidationError("Enter the decision and who made it")
    if case.status != Case.Status.NOTIFIED:
        raise TransitionNotAllowed("A rapid review starts once the case has been notified.")
    review = RapidReview(case=case, decided_on=decided_on, decided_by=actor,
                         decision_note=decision_note.strip())
    review._history_user = actor
    review.save()
    move_case_for_rapid_review(case=case, actor=actor, action="start_rapid_review",
                               reason=decision_note.strip())
    return review


# Information requests and returns.

def default_return_due(requested_on: date) -> date:
    """5 working days by default: the timescale policy's clock for agency returns."""
    clock = Clock.objects.get(code="agency_information_return")
    return calendar.add_working_days(requested_on, clock.amount)


def _prefill(information_return: InformationReturn, case: Case) -> None:
    """The child and incident facts the referral already holds; the agency may correct them."""
    referral = getattr(case, "referral", None)
    if referral is None:
        return
    child = referral.children.first()
    if child is not None:
        information_return.child_name = child.full_name
        information_return.child_date_of_birth = child.date_of_birth
        information_return.child_address = child.address
        information_return.child_ethnic_origin = child.ethnicity
        information_return.child_faith = child.faith
        information_return.child_disability = child.disability
        information_return.carer_at_incident = child.carer_at_incident
    information_return.incident_date = referral.incident_date


@transaction.atomic
def send_information_requests(*, review: RapidReview, actor: User, agencies: Iterable[Agency],
                              due_on: date | None = None) -> list[InformationReturn]:
    """Ask each agency for an Information Gathering Tool return; an agency already asked is
    not asked twice. Returns the new requests."""
    _require(actor, "reviews.send_information_requests", review)
    if review.status in (RapidReview.Status.SUBMITTED, RapidReview.Status.CONCLUDED):
        raise TransitionNotAllowed("This rapid review has been sent to the National Panel.")
    requested_on = today()
    due_on = due_on or default_return_due(requested_on)
    if due_on <= requested_on:
        raise ValidationError("The date the return is due must be after today")
    asked = set(review.returns.values_list("agency_id", flat=True))
    made = []
    for agency in agencies:
        if agency.pk in asked or not agency.is_active:
            continue
        information_return = InformationReturn(review=review, agency=agency,
                                               requested_on=requested_on, requested_by=actor,
                                               due_on=due_on)
        _prefill(information_return, review.case)
        information_return._history_user = actor
        information_return.save()
        sync(information_return)
        made.append(information_return)
    if not made:
        raise ValidationError("Choose at least one agency that has not been asked yet")
    transaction.on_commit(lambda: _queue_request_emails([r.pk for r in made]))
    return made


def _queue_request_emails(return_ids: list[int]) -> None:
    from . import tasks

    for pk in return_ids:
        tasks.email_information_request.delay(pk)


def email_information_request(*, information_return: InformationReturn) -> None:
    """Tell the agency's contributors that a return is asked for: the case reference and the
    due date only."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from safeguarding.models import Role

    people = User.objects.filter(agency=information_return.agency, is_active=True,
                                 role=Role.AGENCY_CONTRIBUTOR)
    if not people:
        return
    reference = information_return.review.case.reference
    link = settings.SITE_URL.rstrip("/") + reverse("reviews:return",
                                                   args=[information_return.pk])
    send_mail(
        subject=f"Information requested for rapid review {reference}",
        message=(f"The safeguarding partnership asks {information_return.agency.name} for an "
                 f"information return for the rapid review of case {reference}.\n\n"
                 f"Due: {information_return.due_on:%A %-d %B %Y}\n\n"
                 f"Complete it here: {link}\n"),
        from_email=None, recipient_list=[person.email for person in people],
    )


@transaction.atomic
def save_information_return(*, information_return: InformationReturn, actor: User,
                            form: ModelForm, formsets: Iterable[BaseFormSet] = ()) -> None:
    """Save a page of the return as a draft; a submitted return is locked."""
    _require(actor, "reviews.change_information_return", information_return)
    locked = InformationReturn.objects.select_for_update().values_list(
        "status", flat=True).get(pk=information_return.pk)
    if locked == InformationReturn.Status.SUBMITTED:
        raise TransitionNotAllowed("This return has been submitted, so it is locked.")
    saved = form.save(commit=False)
    saved.status = InformationReturn.Status.DRAFT
    saved._history_user = actor
    saved.save()
    for formset in formsets:
        for row in formset.save(commit=False):
            row._history_user = actor
            row.save()
        for row in formset.deleted_objects:
            row._history_user = actor
            row.delete()


@dataclass(frozen=True)
class Problem:
    section: str
    message: str


REQUIRED = [
    ("about", "completed_by_name", "Enter your name"),
    ("about", "completed_on", "Enter the date the form was completed"),
    ("synopsis", "initial_information", "Answer question 1: the initial information"),
    ("synopsis", "involvement_with_incident",
     "Answer question 2: your agency's involvement with the incident"),
    ("synopsis", "previous_involvement", "Answer question 3: your agency's previous involvement"),
    ("synopsis", "practice_analysis", "Answer question 4: the analysis of practice"),
    ("synopsis", "immediate_action", "Answer question 5: immediate action needed"),
    ("synopsis", "working_together_concerns",
     "Answer question 6: concerns about how partners worked together"),
    ("synopsis", "voice_of_child", "Answer question 8: the voice of the child"),
    ("recommendation", "recommended_review", "Say what type of review you think this should be"),
]


def return_problems(information_return: InformationReturn) -> list[Problem]:
    """What must be answered before the return is submitted."""
    problems = [Problem(section, message) for section, field, message in REQUIRED
                if not getattr(information_return, field)]
    if information_return.open_now == "yes" and not information_return.open_now_details:
        problems.append(Problem("involvement", "Say in what capacity the case is open to your "
                                               "agency, and the lead practitioner"))
    if not information_return.chronology.exists():
        problems.append(Problem("chronology", "Add at least one key event to the chronology"))
    return problems


@transaction.atomic
def submit_information_return(*, information_return: InformationReturn,
                              actor: User) -> None:
    _require(actor, "reviews.change_information_return", information_return)
    if problems := return_problems(information_return):
        raise ValidationError([problem.message for problem in problems])
    if not InformationReturn.objects.filter(
            pk=information_return.pk,
            status__in=[InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT],
    ).update(status=InformationReturn.Status.SUBMITTED, submitted_on=today(),
             submitted_by=actor):
        raise TransitionNotAllowed("This return has already been submitted.")
    information_return.refresh_from_db()
    information_return._history_user = actor
    information_return.save(update_fields=["status"])  # a history row for the submission
    sync(information_return)


@transaction.atomic
def reopen_information_return(*, information_return: InformationReturn, actor: User,
                              reason: str) -> None:
    """The business unit opens a submitted return again, for the agency to correct."""
    _require(actor, "reviews.reopen_information_return", information_return)
    if not reason.strip():
        raise ValidationError("Enter why the return is reopened")
    if not InformationReturn.objects.filter(
            pk=information_return.pk, status=InformationReturn.Status.SUBMITTED,
    ).update(status=InformationReturn.Status.DRAFT, submitted_on=None, submitted_by=None,
             reopened_reason=reason.strip()):
        raise TransitionNotAllowed("Only a submitted return can be reopened.")
    information_return.refresh_from_db()
    information_return._history_user = actor
    information_return.save(update_fields=["status"])
    sync(information_return)


@transaction.atomic
def decide_known_agency(*, known_agency: KnownAgency, actor: User, approve: bool,
                        due_on: date | None = None) -> InformationReturn | None:
    """An agency named another it knows was involved: ask that agency too, or not."""
    _require(actor, "reviews.decide_known_agency", known_agency)
    if known_agency.decision != KnownAgency.Decision.PROPOSED:
        raise TransitionNotAllowed("This agency has already been decided on.")
    review = known_agency.information_return.review
    made = None
    if approve:
        if known_agency.agency is None:
            raise ValidationError(f"{known_agency.name} does not use this service: choose the "
                                  "registered agency first, or contact it another way")
        made = review.returns.filter(agency=known_agency.agency).first() or \
            send_information_requests(review=review, actor=actor,
                                      agencies=[known_agency.agency], due_on=due_on)[0]
    known_agency.decision = (KnownAgency.Decision.APPROVED if approve
                             else KnownAgency.Decision.DECLINED)
    known_agency._history_user = actor
    known_agency.save(update_fields=["decision"])
    return made
