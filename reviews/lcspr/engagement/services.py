"""Every change to the LCSPR's practitioners and family, each through the workflow
(engagement/workflow.py), each taking plain data. The decision log says what kind of thing
was recorded (a relationship, an agency, a way of taking part), never a person's name."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from safeguarding import workflow
from safeguarding.dates import long_date, not_before, not_in_future
from safeguarding.history import changed_by
from safeguarding.models import Agency, User

from ..dates import LCSPR_DATES
from ..models import Lcspr
from .models import EngagementContact, LcsprFamilyMember, LcsprPractitioner
from .workflow import CONTACT

DECIDED = LCSPR_DATES["decided_on"][1]
Family = LcsprFamilyMember




def _choice(choices: Any, value: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError(message)
    return value


def _past(on: date | None, lcspr: Lcspr, what: str) -> None:
    """A date that happened: not in the future, not before the decision to hold the review."""
    not_in_future(on, what)
    not_before(on, lcspr.decided_on, what, DECIDED)


def _save_row(row: Any, values: dict[str, Any], actor: User) -> Any:
    for name, value in values.items():
        setattr(row, name, value)
    changed_by(row, actor).save()
    return row


def _own(row: Any, lcspr: Lcspr, message: str) -> None:
    if row is not None and row.lcspr_id != lcspr.pk:
        raise ValidationError(message)


# The partners' decision whether the reviewer sees these records (issue 13 item 12).

@workflow.atomic()
def decide_reviewer_engagement_access(*, lcspr: Lcspr, actor: User, allowed: bool,
                                      decided_on: date) -> None:
    """The partners allow the reviewer commissioned on the review to see the practitioner
    and family records (and record their contacts), or not. Recorded by the business unit;
    it holds for whoever is commissioned until the partners decide again."""
    name = "decide_reviewer_engagement_access"
    workflow.check(workflow.fresh(lcspr), name, actor)
    _past(decided_on, lcspr, "The date of the partners' decision")
    words = ("The reviewer may see the practitioner and family records" if allowed else
             "The reviewer may not see the practitioner and family records")
    workflow.perform(lcspr, name, actor=actor,
                     reason=f"{words}: the partners decided on {long_date(decided_on)}",
                     reviewer_sees_engagement=bool(allowed))


# Practitioners (004 section 8.5).

def _practitioner_values(lcspr: Lcspr, *, user: User | None, name: str, role: str,
                         agency: Agency | None, organisation: str, engagement: str,
                         engagement_details: str, engaged_on: date | None,
                         support_offered: str, support_by: str,
                         told_of_outcome_on: date | None) -> dict[str, Any]:
    if user is not None and not user.is_active:
        raise ValidationError("Choose a person whose account is active")
    if user is None:
        name = workflow.required(name, "Choose a person with an account, or enter their name")
        if agency is None and not organisation.strip():
            raise ValidationError("Choose their agency, or enter their organisation")
    ways = LcsprPractitioner.Engagement
    _choice(ways, engagement, "Choose how they take part")
    if engagement == ways.OTHER:
        workflow.required(engagement_details, "Say how they take part")
    if support_offered.strip() and not support_by.strip():
        raise ValidationError("Say who offered the support")
    if support_by.strip() and not support_offered.strip():
        raise ValidationError("Enter the support offered")
    _past(engaged_on, lcspr, "The date they took part")
    _past(told_of_outcome_on, lcspr, "The date they were told of the outcome")
    return {"user": user, "name": "" if user else name,
            "role": workflow.required(role, "Enter their role"),
            "agency": None if user else agency,
            "organisation": "" if user or agency else organisation.strip(),
            "engagement": engagement, "engagement_details": engagement_details.strip(),
            "engaged_on": engaged_on, "support_offered": support_offered.strip(),
            "support_by": support_by.strip(), "told_of_outcome_on": told_of_outcome_on}


def _agency(row: LcsprPractitioner | None) -> Agency | None:
    if row is None:
        return None
    return row.user.agency if row.user is not None else row.agency


def _practitioner_words(row: LcsprPractitioner, added: bool) -> str:
    agency = _agency(row)
    words = [f"Practitioner {'added' if added else 'changed'}"
             + (f" ({agency.name})" if agency else "")
             + f": {row.get_engagement_display().lower()}"]
    if row.support_offered:
        words.append("support offered")
    if row.told_of_outcome_on:
        words.append(f"told of the outcome on {long_date(row.told_of_outcome_on)}")
    return "; ".join(words)


@workflow.atomic()
def record_practitioner(*, lcspr: Lcspr, actor: User, user: User | None = None,
                        name: str = "", role: str, agency: Agency | None = None,
                        organisation: str = "", engagement: str, engagement_details: str = "",
                        engaged_on: date | None = None, support_offered: str = "",
                        support_by: str = "", told_of_outcome_on: date | None = None,
                        practitioner: LcsprPractitioner | None = None) -> LcsprPractitioner:
    """A practitioner involved in the case (a person with an account, or named with their
    agency or organisation) and their role; how they take part (a learning event, an
    interview, a reflective session, a written account); the support offered and by whom;
    when they were told of the outcome. ``practitioner`` is the row changed (None: a new
    one)."""
    workflow.check(workflow.fresh(lcspr), "record_practitioner", actor)
    _own(practitioner, lcspr, "Choose a practitioner of this review")
    values = _practitioner_values(
        lcspr, user=user, name=name, role=role, agency=agency, organisation=organisation,
        engagement=engagement, engagement_details=engagement_details, engaged_on=engaged_on,
        support_offered=support_offered, support_by=support_by,
        told_of_outcome_on=told_of_outcome_on)
    row = practitioner or LcsprPractitioner(lcspr=lcspr, recorded_by=actor)
    _save_row(row, values, actor)
    workflow.perform(lcspr, "record_practitioner", actor=actor,
                     reason=_practitioner_words(row, added=practitioner is None))
    return row


# Family members (004 sections 8.5 and 12.1).

def _consent_values(lcspr: Lcspr, consent: str, consent_on: date | None,
                    reason: str) -> dict[str, Any]:
    """004 section 12.1: "Where it is deemed not appropriate to seek consent, the rationale
    for the decisions should be clearly recorded"."""
    _choice(Family.Consent, consent, "Say whether consent to information sharing was given")
    decided = consent in (Family.Consent.GIVEN, Family.Consent.REFUSED)
    if consent == Family.Consent.NOT_SOUGHT:
        reason = workflow.required(reason, "Say why consent to information sharing was not sought")
    _past(consent_on if decided else None, lcspr,
          "The date consent was given or refused")
    return {"consent": consent, "consent_on": consent_on if decided else None,
            "consent_not_sought_reason": reason.strip()
            if consent == Family.Consent.NOT_SOUGHT else ""}


def _expectation_values(lcspr: Lcspr, explained_on: date | None,
                        told: str) -> dict[str, Any]:
    """004 section 8.5: "They should understand how they are going to be involved and their
    expectations should be managed appropriately and sensitively"."""
    if told.strip() and explained_on is None:
        raise ValidationError("Enter when their involvement and what to expect were "
                              "explained")
    if explained_on is not None:
        told = workflow.required(told, "Enter what they were told about the review, its "
                                       "publication and their involvement")
    _past(explained_on, lcspr, "The date their involvement was explained")
    return {"expectations_explained_on": explained_on, "expectations_told": told.strip()}


def _family_values(lcspr: Lcspr, *, name: str, relationship: str, relationship_details: str,
                   engaged_by: str, engaged_by_name: str, first_approached_on: date | None,
                   taking_part: str, wants_report: str,
                   saw_report_on: date | None) -> dict[str, Any]:
    _choice(Family.Relationship, relationship, "Choose their relationship to the child")
    if relationship == Family.Relationship.OTHER:
        workflow.required(relationship_details, "Say how they are related to the child")
    _choice(Family.EngagedBy, engaged_by, "Choose who engages them")
    if engaged_by == Family.EngagedBy.NAMED:
        workflow.required(engaged_by_name, "Enter the name and role of the person who engages them")
    _choice(Family.TakingPart, taking_part, "Say whether they take part")
    if taking_part != Family.TakingPart.NOT_KNOWN and first_approached_on is None:
        raise ValidationError("Enter when they were first approached")
    _past(first_approached_on, lcspr, "The date they were first approached")
    _choice(Family.WantsReport, wants_report,
            "Say whether they want to see the report before it is published")
    _past(saw_report_on, lcspr, "The date they saw the report")
    return {"name": workflow.required(name, "Enter their name"), "relationship": relationship,
            "relationship_details": relationship_details.strip(), "engaged_by": engaged_by,
            "engaged_by_name": engaged_by_name.strip()
            if engaged_by == Family.EngagedBy.NAMED else "",
            "first_approached_on": first_approached_on, "taking_part": taking_part,
            "wants_report": wants_report, "saw_report_on": saw_report_on}


def _family_words(row: LcsprFamilyMember, added: bool) -> str:
    relationship = ("another relative" if row.relationship == Family.Relationship.OTHER
                    else row.get_relationship_display().lower())
    explained = (f"expectations explained on {long_date(row.expectations_explained_on)}"
                 if row.expectations_explained_on else "expectations not explained yet")
    return (f"Family member {'added' if added else 'changed'} ({relationship}): engaged by "
            f"{'the reviewer' if row.engaged_by == Family.EngagedBy.REVIEWER else 'a named person'}"
            f"; consent {row.get_consent_display().split(':')[0].lower()}; {explained}")


@workflow.atomic()
def record_family_member(*, lcspr: Lcspr, actor: User, name: str, relationship: str,
                         relationship_details: str = "", engaged_by: str,
                         engaged_by_name: str = "", first_approached_on: date | None = None,
                         taking_part: str = Family.TakingPart.NOT_KNOWN,
                         consent: str = Family.Consent.NOT_ASKED, consent_on: date | None = None,
                         consent_not_sought_reason: str = "",
                         expectations_explained_on: date | None = None,
                         expectations_told: str = "",
                         wants_report: str = Family.WantsReport.NOT_ASKED,
                         saw_report_on: date | None = None,
                         family_member: LcsprFamilyMember | None = None) -> LcsprFamilyMember:
    """A family member invited to contribute: their relationship to the child (a surviving
    child too), who engages them (the reviewer or someone named: 004 section 12.1, decided
    early), when they were first approached and whether they take part, their consent to
    information sharing (given, refused, or not sought and why), what they were told to
    expect, whether they want to see the report before publication and when they saw it.
    ``family_member`` is the row changed (None: a new one)."""
    workflow.check(workflow.fresh(lcspr), "record_family_member", actor)
    _own(family_member, lcspr, "Choose a family member of this review")
    values = {
        **_family_values(lcspr, name=name, relationship=relationship,
                         relationship_details=relationship_details, engaged_by=engaged_by,
                         engaged_by_name=engaged_by_name,
                         first_approached_on=first_approached_on, taking_part=taking_part,
                         wants_report=wants_report, saw_report_on=saw_report_on),
        **_consent_values(lcspr, consent, consent_on, consent_not_sought_reason),
        **_expectation_values(lcspr, expectations_explained_on, expectations_told),
    }
    row = family_member or LcsprFamilyMember(lcspr=lcspr, recorded_by=actor)
    _save_row(row, values, actor)
    workflow.perform(lcspr, "record_family_member", actor=actor,
                     reason=_family_words(row, added=family_member is None))
    return row


# Contacts.

def _with_whom(contact: EngagementContact) -> str:
    if contact.family_member is not None:
        member = contact.family_member
        relationship = ("another relative" if member.relationship == Family.Relationship.OTHER
                        else member.get_relationship_display().lower())
        return f"a family member ({relationship})"
    agency = _agency(contact.practitioner)
    return "a practitioner" + (f" ({agency.name})" if agency else "")


@workflow.atomic()
def record_engagement_contact(*, lcspr: Lcspr, actor: User, contacted_on: date, how: str,
                              made_by: str, notes: str,
                              family_member: LcsprFamilyMember | None = None,
                              practitioner: LcsprPractitioner | None = None
                              ) -> EngagementContact:
    """A contact with one family member or one practitioner: when, how (a visit, a call, a
    letter, a meeting), who made it and what passed. The business unit records it, or the
    reviewer when the partners allow them to see these records."""
    workflow.check(workflow.fresh(lcspr), CONTACT, actor)
    if (family_member is None) == (practitioner is None):
        raise ValidationError("Choose who the contact was with")
    _own(family_member or practitioner, lcspr, "Choose someone recorded on this review")
    _past(contacted_on, lcspr, "The date of the contact")
    _choice(EngagementContact.How, how, "Choose how the contact was made")
    contact = EngagementContact(
        lcspr=lcspr, family_member=family_member, practitioner=practitioner,
        contacted_on=contacted_on, how=how,
        made_by=workflow.required(made_by, "Enter who made the contact"),
        notes=workflow.required(notes, "Enter the notes of the contact"), recorded_by=actor)
    changed_by(contact, actor).save()
    workflow.perform(lcspr, CONTACT, actor=actor,
                     reason=f"{contact.get_how_display()} with {_with_whom(contact)} on "
                            f"{long_date(contacted_on)}")
    return contact
