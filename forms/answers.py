"""The referral's answers, section by section, in the form's own words (safeguarding.sections)."""

from safeguarding.sections import NOT_ANSWERED, AnsweredSection, section_answers

from .models import Child, Referral
from .sections import PUBLIC_SECTIONS, SECTIONS

# What each repeated row is called: its own name, so that people can tell rows apart.
ROW_TITLES = {
    "children": lambda child: child.full_name,
    "family": lambda member: f"{member.get_kind_display()}: "
                             f"{member.first_name} {member.last_name}".strip(),
    "child_protection": lambda plan: f"{plan.get_kind_display()}: {plan.person_name}",
    "agencies": lambda agency: agency.organisation,
}
AGE_LABEL = str(Child._meta.get_field("age_at_incident").verbose_name).capitalize()


def referral_answers(referral: Referral, *, ask_about_care_leavers: bool) -> list[AnsweredSection]:
    """A public referral's in the public page's questions, any other's in the form's."""
    sections = PUBLIC_SECTIONS if referral.is_public else SECTIONS
    answers = section_answers(referral, sections, ROW_TITLES, form_kwargs={
        "route": {"ask_about_care_leavers": ask_about_care_leavers}})
    for answered in answers:
        if answered.section.slug == "children":
            _with_worked_out_ages(answered, list(referral.children.all()),
                                  referral.incident_date)
    return answers


def _with_worked_out_ages(answered: AnsweredSection, children: list[Child], incident_date
                          ) -> None:
    """Each child's age at the time of the incident as Child.age_at gives it: worked out from
    the dates when both are known, otherwise as entered."""
    for (_title, row_answers), child in zip(answered.rows, children, strict=True):
        for number, (label, _value) in enumerate(row_answers):
            if label == AGE_LABEL:
                row_answers[number] = (label, child.age_at(incident_date) or NOT_ANSWERED)
