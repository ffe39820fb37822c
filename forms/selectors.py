"""Reads for the referral pages."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Case
from safeguarding.models import Decision, LocalPolicy, User

from .models import Referral
from .progress import (
    REFERRER_SEES,
    SectionState,
    current_stage,
    draft_name,
    draft_progress,
    referrer_progress,
    section_states,
)
from .services import submission_problems

ROWS = ("children", "family", "plans", "involved_agencies")


def referral_with_rows(*, pk: int) -> Referral | None:
    return (Referral.objects.select_related("case", "created_by", "agency")
            .prefetch_related(*ROWS).filter(pk=pk).first())


def referrals_made_by(*, user: User) -> QuerySet[Referral]:
    """The referrals a person made, drafts first, with each case's status."""
    return (Referral.objects.filter(created_by=user).select_related("case")
            .prefetch_related("children").order_by("status", "-updated_at"))


def stored_answers(*, pk: int, fields: list[str]) -> dict:
    """A referral's answers as saved, whatever a page has set on its copy."""
    return Referral.objects.values(*fields).get(pk=pk) if fields else {}


def decisions_referrer_sees(*, case_ids: Iterable[int | None]) -> dict[int, list[Decision]]:
    """The decisions of each case (by id) its referrer is told about, in one query."""
    found: dict[int, list[Decision]] = defaultdict(list)
    ids = [pk for pk in case_ids if pk is not None]
    if not ids:
        return found
    for decision in Decision.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), case_id__in=ids,
            transition__in=REFERRER_SEES):
        if decision.case_id is not None:
            found[decision.case_id].append(decision)
    return found


def draft_states(referral: Referral, *, ask_about_care_leavers: bool | None = None
                 ) -> list[SectionState]:
    """Each section of a draft: its status and what it is still missing."""
    return section_states(referral, submission_problems(
        referral, ask_about_care_leavers=ask_about_care_leavers))


@dataclass(frozen=True)
class ReferralRow:
    """A referral in its author's list: a draft by what it holds and how far it has got, a
    submitted one by its reference and the stage it has reached."""

    referral: Referral
    name: str
    progress: str
    stage: str


def your_referrals(*, user: User) -> list[ReferralRow]:
    """A person's referrals, drafts first, in three queries whatever their number."""
    referrals = list(referrals_made_by(user=user))
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    decisions = decisions_referrer_sees(case_ids=[r.case_id for r in referrals])
    rows = []
    for referral in referrals:
        if referral.case is None:
            states = draft_states(referral, ask_about_care_leavers=ask)
            started = timezone.localdate(referral.created_at)
            rows.append(ReferralRow(referral, draft_name(referral),
                                    draft_progress(states, started), "Draft"))
        else:
            stages = referrer_progress(referral.case, decisions.get(referral.case.pk, []))
            rows.append(ReferralRow(referral, referral.case.reference, "",
                                    current_stage(stages)))
    return rows
