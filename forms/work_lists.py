"""What the referral form adds to other apps' pages: a home-page list and the case page's
account of the referral."""

from cases.models import Case
from cases.selectors import shows_on_case_page
from safeguarding.case_tags import register_case_tagger
from safeguarding.models import LocalPolicy, Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from .answers import referral_answers
from .models import Referral
from .progress import draft_name
from .workflow import REFERRAL


@provides_work_list(Role.AGENCY_CONTRIBUTOR, "Your draft referrals")
def draft_referrals(user: User) -> list[WorkItem]:
    unsent = REFERRAL.transitions["submit_referral"].sources
    drafts = (Referral.objects.filter(created_by=user, status__in=unsent)
              .prefetch_related("children")[:50])
    return [WorkItem(text=f"Draft referral: {draft_name(draft)}", url=draft.get_absolute_url())
            for draft in drafts]


@register_case_tagger
def public_referrals(case_ids: list[int]) -> dict[int, str]:
    """The cases a member of the public referred (Referral.is_public), for the lists of the
    apps below (the deadlines dashboard). One query."""
    return {case_id: "Public referral" for case_id in Referral.objects.filter(
        case_id__in=case_ids, source=Referral.Source.PUBLIC).values_list("case_id", flat=True)}


@shows_on_case_page
def referral_panel(case: Case) -> tuple[str, dict]:
    referral = getattr(case, "referral", None)
    if referral is None:
        return "case_forms/case_panel.html", {"referral": None}
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    return "case_forms/case_panel.html", {
        "referral": referral,
        "criteria": referral.criteria_met(ask_about_care_leavers=ask),
        "answers": referral_answers(referral, ask_about_care_leavers=ask),
    }
