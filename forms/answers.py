"""The referral's answers, section by section, in the form's own words (safeguarding.sections)."""

from safeguarding.sections import AnsweredSection, section_answers

from .models import Referral
from .sections import SECTIONS

# What each repeated row is called: its own name, so that people can tell rows apart.
ROW_TITLES = {
    "children": lambda child: child.full_name,
    "family": lambda member: f"{member.get_kind_display()}: "
                             f"{member.first_name} {member.last_name}".strip(),
    "child_protection": lambda plan: f"{plan.get_kind_display()}: {plan.person_name}",
    "agencies": lambda agency: agency.organisation,
}


def referral_answers(referral: Referral, *, ask_about_care_leavers: bool) -> list[AnsweredSection]:
    return section_answers(referral, SECTIONS, ROW_TITLES, form_kwargs={
        "route": {"ask_about_care_leavers": ask_about_care_leavers}})
