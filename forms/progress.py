"""How far a referral has got, in its author's words: each section of a draft (GOV.UK task
list statuses, and what is still missing), a draft's name, and what happened to a submitted
referral as its referrer may know it (never the rapid review, never another agency's
information: only the steps of the case's workflow the referrer is told about)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case
from cases.workflow import CASE
from safeguarding.models import Decision
from safeguarding.sections import Section
from safeguarding.templatetags.govuk import anchor

from .models import Referral
from .sections import BY_SLUG, SECTIONS
from .services import Problem

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not yet started"
TAGS = {COMPLETED: "", IN_PROGRESS: "light-blue", NOT_STARTED: "blue"}


@dataclass(frozen=True)
class SectionState:
    section: Section
    status: str
    missing: list[str] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return TAGS[self.status]

    @property
    def hint(self) -> str:
        return f"Missing: {', '.join(self.missing)}" if self.missing else ""


def section_states(referral: Referral, problems: Iterable[Problem]) -> list[SectionState]:
    """A section is completed once its author has saved it with nothing it requires missing,
    in progress once saved with something missing, and not yet started until then."""
    missing: dict[str, list[str]] = {}
    for problem in problems:
        missing.setdefault(problem.section, []).append(problem.missing or problem.message)
    states = []
    for section in SECTIONS:
        gaps = missing.get(section.slug, [])
        if section.slug not in referral.sections_saved:
            status = NOT_STARTED
        else:
            status = IN_PROGRESS if gaps else COMPLETED
        states.append(SectionState(section, status, gaps))
    return states


def problem_links(referral: Referral, problems: Iterable[Problem]) -> list[tuple[str, str]]:
    """Each missing answer linked to its question on its section's page, which returns to
    check your answers once saved: (address, message) pairs."""
    links, forms = [], {}
    for problem in problems:
        url = reverse("case_forms:section", args=[referral.pk, problem.section]) + "?next=check"
        if problem.section not in forms:  # one form a section, whatever its missing answers
            forms[problem.section] = BY_SLUG[problem.section].form(instance=referral)
        form = forms[problem.section]
        if problem.field in form.fields:
            url += f"#{anchor(form[problem.field])}"
        links.append((url, problem.message))
    return links


def completed(states: Iterable[SectionState]) -> int:
    return sum(state.status == COMPLETED for state in states)


def initials(full_name: str) -> str:
    """A child's initials: "Amelia Rose Hart" is "ARH". Never the name itself."""
    return "".join(part[0].upper() for part in full_name.split() if part[:1].isalpha())


def draft_name(referral: Referral) -> str:
    """What a draft holds, without naming anyone: the children's initials and the date of
    the incident, where given."""
    children = [initials(child.full_name) for child in referral.children.all()]
    children = [child for child in children if child]
    who = f"Child {' and '.join(children)}" if children else "No child added yet"
    when = (f"incident {date_format(referral.incident_date, 'j F Y')}"
            if referral.incident_date else "incident date not given")
    return f"{who}, {when}"


def draft_progress(states: list[SectionState], started: date) -> str:
    return (f"{completed(states)} of {len(states)} sections completed, started "
            f"{date_format(started, 'j F Y')}")


# What the referrer is told of the case, by the case workflow's transitions.
INFORMED = "inform_partners"
DECIDED = ("decide_notify", "decide_learning", "decide_no_further_action")
TOLD = "record_referrer_feedback"
ENDED = ("withdraw", "merge")
REFERRER_SEES = (INFORMED, *DECIDED, TOLD, *ENDED)


@dataclass(frozen=True)
class Stage:
    title: str
    done: bool
    detail: str
    status: str = ""  # the stage, in a word or two, once reached (for a list of referrals)


def _on(day: date | None, decision: Decision) -> str:
    return date_format(day or timezone.localdate(decision.at), "j F Y")


def referrer_progress(case: Case, decisions: Iterable[Decision]) -> list[Stage]:
    """The stages of a submitted referral for its referrer: received, with the partners, the
    partners' decision (its words once the referrer has been told it) and the feedback."""
    latest = {decision.transition: decision for decision in
              sorted(decisions, key=lambda d: (d.at, d.pk)) if decision.transition in
              REFERRER_SEES}
    stages = [Stage("Received by the business unit", True,
                    f"Received on {date_format(case.received_on, 'j F Y')}.", "Received")]
    informed = latest.get(INFORMED)
    stages.append(Stage(
        "With the safeguarding partners", informed is not None,
        f"The safeguarding partners were told on {_on(case.partners_informed_on, informed)}. "
        "They consider the case within 5 working days." if informed else
        "The business unit tells the safeguarding partners within 1 working day.",
        "With the safeguarding partners"))
    decided = next((latest[name] for name in DECIDED if name in latest), None)
    told = latest.get(TOLD)
    if decided and told:
        decision = f"{decided.what} on {_on(case.screening_decided_on, decided)}."
    elif decided:
        decision = "The partners have decided. The business unit will tell you the outcome."
    else:
        decision = "Not decided yet."
    stages.append(Stage("The partners' decision", decided is not None, decision,
                        "Decided"))
    stages.append(Stage(
        "You are told the outcome", told is not None,
        f"The business unit told you the outcome on {_on(case.referrer_told_on, told)}."
        if told else "Within 5 working days of the partners' decision.", "Outcome given"))
    ended = next((latest[name] for name in ENDED if name in latest), None)
    if ended:
        words = CASE.transitions[ended.transition].done
        stages.append(Stage(words, True, f"On {_on(None, ended)}. Contact the business unit, "
                            "quoting your reference, if you have any questions.", words))
    return stages


def current_stage(stages: list[Stage]) -> str:
    """The last stage reached, for a list of referrals."""
    return [stage for stage in stages if stage.done][-1].status
