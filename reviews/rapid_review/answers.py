"""An information return's answers, section by section, in the form's own words."""

from django.utils.formats import date_format

from safeguarding.sections import AnsweredSection, section_answers
from safeguarding.times import govuk_time

from .models import InformationReturn
from .sections import SECTIONS

ROW_TITLES = {
    "children": lambda child: child.name or "Child",
    "family": lambda member: member.relationship or "Family member",
    "practitioners": lambda practitioner: practitioner.name
    + (f", {practitioner.role}" if practitioner.role else ""),
    "agencies": lambda known: f"{known.name} ({known.get_decision_display().lower()})",
    "chronology": lambda entry: date_format(entry.happened_on, "j F Y")
    + (f", {govuk_time(entry.happened_at)}" if entry.happened_at else ""),
}


def return_answers(information_return: InformationReturn) -> list[AnsweredSection]:
    return section_answers(information_return, SECTIONS, ROW_TITLES)
