"""The cases of the partnership's past (demo/history.py): who referred what and when, and
what became of it. Each is referred, screened and (most) notified here; the rapid review and
what follows it are in history_reviews, the plans and learning in history_plans."""

from dataclasses import dataclass
from datetime import date, timedelta

from cases import services as cases
from cases.models import Case, Notification
from cases.notifying import required_recipients
from deadlines import services as deadlines
from deadlines.models import Deadline, DelayReason
from forms import services as referrals
from forms.models import Referral
from reviews.learning import services as learning
from reviews.learning.models import LearningShared
from reviews.models import RapidReview
from safeguarding.rows import RowChange

from .history import (
    Past,
    Story,
    last_before,
    maundy_thursday,
    wd,
    working_day,
)

R, Rec = Referral, RapidReview.Recommendation
LEARNING = Case.LearningDecision
NFA = "no_further_action"
CHRISTMAS, EASTER = "christmas", "easter"
CORONER = {"coroner_involved": "yes", "coroner_details": "HM Senior Coroner, Northmoor."}
# What happened, as the referral tells it: its answers, and the details ({first}: the
# child's first name, {age}: their age).
PROFILES = {
    "injury_da": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.PHYSICAL_ABUSE,
                            R.Characteristic.DOMESTIC_VIOLENCE]},
        "{first} ({age}) was brought to hospital with bruising and a fractured arm; the police "
        "had attended two domestic incidents at the home in the month before."),
    "head_injury": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.SHAKEN_BABY, R.Characteristic.DOMESTIC_VIOLENCE]},
        "{first} ({age}) was admitted with a bleed on the brain that the explanation given "
        "does not account for; the mother's partner had a history of violence."),
    "neglect": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
        "main_cause": R.Cause.NEGLECT,
        "characteristics": [R.Characteristic.LONG_STANDING_NEGLECT,
                            R.Characteristic.PARENTAL_MENTAL_HEALTH]},
        "{first} ({age}) was admitted to hospital dehydrated and underweight; the family had "
        "been known to services for neglect for three years."),
    "infant_death": ({
        "outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.SUDDEN_INFANT_DEATH, **CORONER,
        "characteristics": [R.Characteristic.ALCOHOL_ABUSE, R.Characteristic.DRUG_ABUSE]},
        "{first} ({age}) died after sleeping on a sofa with a parent who had been drinking."),
    "suicide": ({
        "outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.SUICIDE, **CORONER,
        "characteristics": [R.Characteristic.EMOTIONAL_ABUSE,
                            R.Characteristic.PARENTAL_MENTAL_HEALTH]},
        "{first} ({age}) took their own life; the school and the GP had each recorded "
        "concerns about self-harm in the year before."),
    "exploitation": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.OTHER],
        "characteristic_other": "Child criminal exploitation"},
        "{first} ({age}) was stabbed in a town centre car park; they had been missing from "
        "home repeatedly and were believed to be carrying drugs for adults."),
    "sexual_abuse": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
        "main_cause": R.Cause.OTHER, "cause_other": "Sexual abuse",
        "criminal_investigation": "yes", "characteristics": [R.Characteristic.SEXUAL_ABUSE]},
        "{first} ({age}) disclosed sexual abuse by an adult they had met online; the abuse "
        "had gone on for a year."),
    "accident": ({
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
        "main_cause": R.Cause.ACCIDENTAL_INJURY, "characteristics": [R.Characteristic.OTHER],
        "characteristic_other": "Accident; no safeguarding concerns identified"},
        "{first} ({age}) was seriously injured in a fall at a play park. No abuse or neglect "
        "is known or suspected."),
    "learning": ({
        "route": R.Route.LEARNING, "outcome": R.Outcome.NEITHER,
        "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED, "main_cause": R.Cause.SELF_HARM,
        "characteristics": [R.Characteristic.EMOTIONAL_ABUSE],
        "why_learning": "Concerns held by three agencies were not brought together."},
        "{first} ({age}) disclosed self-harm at school; health and the police each held "
        "earlier concerns that had not been shared."),
    "learning_neglect": ({
        "route": R.Route.LEARNING, "outcome": R.Outcome.NEITHER,
        "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED, "main_cause": R.Cause.NEGLECT,
        "characteristics": [R.Characteristic.RECENT_NEGLECT],
        "why_learning": "The school's referrals about neglect were not followed up."},
        "{first} ({age}) came to school hungry and unwashed for a term; the school had "
        "referred its concerns three times."),
}
# Who refers, from where (the referral's contact details).
REFERRERS = {
    "school@example.org": ("01632 960 114", "St Aidan's Primary School, Church Lane, "
                           "Northmoor NM4 2QT", "Mark Bell", "Headteacher"),
    "police@example.org": ("01632 960 200", "Northmoor Police, Public Protection Unit, "
                           "Northmoor NM1 1PP", "Simon Clarke", "Detective Superintendent"),
    "health@example.org": ("01632 960 300", "Northmoor General Hospital, Northmoor NM2 3HQ",
                           "Dr Leah Morgan", "Chief Nurse"),
    "council@example.org": ("01632 960 400", "Northmoor Council, Town Hall, Northmoor NM1 1AA",
                            "Nadia Rahman", "Head of Service"),
}


@dataclass(frozen=True)
class Spec:
    """One case of the past. ``when``: received this many weeks ago, or at Christmas or
    Easter; ``route``: NFA, a Learning and Development group decision or the rapid review's
    recommendation; ``flags``: what ran late or otherwise ("late_notification",
    "late_review", "extension", "further_information", "disagrees", "otherwise",
    "published", "late_referral", "late_feedback"); ``actions`` and ``plan``: the fates of
    the rapid review's immediate actions and of the learning review's actions
    (history_plans.FATES); ``lcspr``: how its LCSPR went; ``themes``: its learning themes."""

    when: int | str
    child: str
    age_months: int
    referrer: str
    profile: str
    route: str
    flags: frozenset[str] = frozenset()
    actions: str = ""
    plan: str = ""
    lcspr: str = ""
    themes: tuple[str, ...] = ()


def _s(when, child, age, referrer, profile, route, flags="", **more) -> Spec:
    return Spec(when, child, age, f"{referrer}@example.org", profile, route,
                frozenset(flags.split()), **more)


SPECS = [
    _s(86, "Alfie Hughes", 9, "police", "injury_da", Rec.LCSPR, lcspr="published",
       actions="ok ok late", themes=("Domestic abuse", "Information sharing",
                                     "Non-accidental injury", "Fathers and male carers")),
    _s(84, "Evie Parker", 84, "school", "accident", NFA),
    _s(81, "Jacob Morris", 36, "health", "neglect", Rec.SINGLE_AGENCY_LEARNING,
       "late_referral", actions="ok over", plan="ok late no",
       themes=("Neglect", "Parental mental health", "Professional curiosity")),
    _s(79, "Lily Ward", 144, "school", "learning", LEARNING.QUALITY_ASSURANCE,
       themes=("Emotional abuse", "Voice of the child")),
    _s(76, "Harry Cooke", 24, "health", "neglect", Rec.LCSPR, lcspr="late",
       actions="ok esc over", themes=("Neglect", "Parental mental health",
                                      "Voice of the child", "Escalation and challenge")),
    _s(73, "Sophia Rees", 180, "police", "exploitation", Rec.NO_REVIEW, "late_feedback",
       themes=("Extra-familial harm", "Multi-agency working")),
    _s(70, "Jack Turner", 4, "health", "infant_death", Rec.MULTI_AGENCY_LEARNING,
       "late_review extension", actions="ok", plan="ok over ext",
       themes=("Sudden unexpected death in infancy", "Substance misuse", "Alcohol abuse")),
    _s(66, "Poppy Hill", 60, "school", "injury_da", Rec.NO_REVIEW, "late_notification",
       themes=("Domestic abuse", "Physical abuse")),
    _s(60, "Charlie Fox", 108, "school", "accident", NFA),
    _s(CHRISTMAS, "Amelia Stone", 14, "police", "head_injury", Rec.MULTI_AGENCY_LEARNING,
       actions="late over", plan="ok ok ref",
       themes=("Domestic abuse", "Shaken baby syndrome", "Fathers and male carers")),
    _s(CHRISTMAS, "Theo Barker", 156, "police", "exploitation", Rec.SINGLE_AGENCY_LEARNING,
       "late_notification", themes=("Extra-familial harm", "Information sharing")),
    _s(56, "Ella Simmons", 72, "health", "neglect", Rec.NO_REVIEW, "further_information",
       themes=("Neglect", "Voice of the child")),
    _s(54, "Archie Lane", 132, "school", "learning_neglect", LEARNING.MULTI_AGENCY_AUDIT,
       themes=("Neglect", "Escalation and challenge")),
    _s(51, "Isabella Wood", 192, "health", "suicide", Rec.SINGLE_AGENCY_LEARNING,
       "late_review", actions="ok no", plan="late",
       themes=("Suicide", "Self harm", "Parental mental health", "Voice of the child")),
    _s(EASTER, "George Mills", 8, "health", "head_injury", Rec.MULTI_AGENCY_LEARNING,
       actions="ok ext", plan="ok run",
       themes=("Non-accidental injury", "Domestic abuse", "Information sharing")),
    _s(45, "Freya Knight", 168, "police", "sexual_abuse", Rec.NO_REVIEW, "published",
       themes=("Sexual abuse", "Online harm")),
    _s(42, "Oscar Dale", 40, "school", "accident", NFA),
    _s(40, "Daisy Hunt", 48, "council", "neglect", Rec.SINGLE_AGENCY_LEARNING, "otherwise",
       actions="esc", themes=("Neglect", "Professional curiosity")),
    _s(38, "Millie Webb", 120, "school", "learning", LEARNING.SINGLE_AGENCY_REVIEW,
       themes=("Emotional abuse", "Information sharing")),
    _s(34, "Finley Cross", 180, "school", "suicide", Rec.LCSPR, lcspr="overdue",
       actions="ok", themes=("Suicide", "Parental mental health", "Voice of the child",
                             "Multi-agency working")),
    _s(30, "Reuben Hart", 7, "health", "injury_da", Rec.MULTI_AGENCY_LEARNING,
       "late_notification", actions="ok late", plan="run",
       themes=("Domestic abuse", "Non-accidental injury", "Fathers and male carers")),
    _s(27, "Esme Lloyd", 26, "council", "neglect", Rec.NO_REVIEW, actions="ok",
       themes=("Neglect", "Substance misuse")),
    _s(24, "Arlo Brooks", 108, "school", "learning_neglect", LEARNING.QUALITY_ASSURANCE,
       themes=("Neglect",)),
    _s(20, "Rosie Nash", 3, "health", "infant_death", Rec.LCSPR, lcspr="in_progress",
       themes=("Sudden unexpected death in infancy", "Substance misuse",
               "Information sharing")),
    _s(18, "Jayden Moss", 72, "school", "accident", NFA),
    _s(15, "Layla Frost", 156, "school", "exploitation", Rec.SINGLE_AGENCY_LEARNING,
       actions="run", themes=("Extra-familial harm", "Online harm")),
    _s(12, "Ezra Gale", 12, "police", "injury_da", Rec.NO_REVIEW, "disagrees",
       themes=("Domestic abuse", "Physical abuse")),
    _s(9, "Willow Baines", 48, "health", "neglect", Rec.MULTI_AGENCY_LEARNING,
       actions="wait run", themes=("Neglect", "Multi-agency working",
                                   "Parental mental health")),
    _s(6, "Tommy Flynn", 180, "police", "exploitation", Rec.NO_REVIEW, actions="run",
       themes=("Extra-familial harm", "Voice of the child")),
]


def stories(past: Past) -> list[Story]:
    return [case_story(past, spec) for spec in SPECS]


def _aware(past: Past, spec: Spec) -> date:
    """The day the referring agency and the local authority knew of the incident."""
    if spec.when == CHRISTMAS:  # the 5 working days run over the Christmas bank holidays
        christmas_eve = last_before(past.today, 90, lambda year: date(year, 12, 24))
        return wd(christmas_eve, -3 if "late_notification" in spec.flags else -1)
    if spec.when == EASTER:  # Maundy Thursday: the Easter bank holidays follow
        return last_before(past.today, 90, maundy_thursday)
    return wd(working_day(past.today - timedelta(weeks=spec.when, days=past.between(0, 4))),
              -1)


def _age(months: int) -> str:
    return f"{months} months" if months < 24 else f"{months // 12}"


def case_story(past: Past, spec: Spec) -> Story:
    aware = _aware(past, spec)
    received = wd(aware, 3 if "late_referral" in spec.flags else 1)
    yield received
    case = _referral(past, spec, aware)
    bu, partner = past.person("bu@example.org"), past.person("partner@example.org")
    yield (informed := wd(received, 1))
    cases.inform_partners(case=_fresh(case), actor=bu, informed_on=informed)
    yield (decided := wd(received, past.between(2, 3)))
    decision = (Case.ScreeningDecision.NOTIFY if spec.route in Rec.values else
                NFA if spec.route == NFA else Case.ScreeningDecision.LEARNING)
    cases.record_screening_decision(case=_fresh(case), actor=partner, decision=decision,
                                    decided_on=decided, rationale=RATIONALE[decision])
    told = wd(decided, 7 if "late_feedback" in spec.flags else past.between(1, 4))
    past.add(_feedback(past, case.pk, told))
    if decision == Case.ScreeningDecision.NOTIFY:
        from .history_reviews import rapid_review

        yield from _notify(past, spec, case, aware)
        yield from rapid_review(past, spec, case.pk)
    elif decision == Case.ScreeningDecision.LEARNING:
        yield from _learning_route(past, spec, case.pk, decided)


def _feedback(past: Past, case_pk: int, told: date) -> Story:
    """The referrer told the outcome of the partners' decision (5 working days)."""
    yield told
    cases.record_referrer_feedback(case=Case.objects.get(pk=case_pk),
                                   actor=past.person("bu@example.org"), told_on=told)


RATIONALE = {
    Case.ScreeningDecision.NOTIFY: "The child was seriously harmed or died and abuse or "
                                   "neglect is known or suspected: the criteria are met.",
    Case.ScreeningDecision.LEARNING: "Below the threshold for notification; the partners see "
                                     "learning about how agencies worked together.",
    NFA: "No abuse or neglect is known or suspected: the criteria are not met and there is "
         "no multi-agency learning to explore.",
}


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _referral(past: Past, spec: Spec, aware: date) -> Case:
    from .management.commands.load_demo_cases import COMMON

    referrer = past.person(spec.referrer)
    answers, details = PROFILES[spec.profile]
    first, surname = spec.child.split()
    phone, address, officer, title = REFERRERS[spec.referrer]
    referral = referrals.start_referral(actor=referrer)
    died = answers["outcome"] == R.Outcome.DIED
    referrals.save_referral_section(referral=referral, actor=referrer, version=None, answers={
        **COMMON, "referrer_phone": phone, "referrer_address": address,
        "authorising_officer": officer, "authorising_officer_job_title": title,
        "agency_aware_on": aware, "local_authority_told_on": aware, "incident_date": aware,
        "agreement_date": aware, **answers,
        "incident_details": details.format(first=first, age=_age(spec.age_months))},
        rows={"children": [RowChange(values={
            "full_name": spec.child, "gender": "not_known", "address": "Northmoor",
            "date_of_birth": aware - timedelta(days=round(spec.age_months * 30.44)),
            "date_of_death": aware if died else None})],
            "family": [RowChange(values={"kind": "parent", "first_name": "Sam",
                                         "last_name": surname,
                                         "relationship_to_child": "Parent"})]})
    return referrals.submit_referral(referral=referral, actor=referrer)


def _notify(past: Past, spec: Spec, case: Case, aware: date) -> Story:
    """The local authority's awareness confirmed, the notifications made (within the 5
    working days, or late with the reason)."""
    bu = past.person("bu@example.org")
    late = "late_notification" in spec.flags
    cases.record_local_authority_awareness(case=_fresh(case), actor=bu, aware_on=aware)
    notified = max(wd(aware, past.between(6, 8) if late else past.between(4, 5)),
                   _fresh(case).screening_decided_on)
    yield notified
    deadline = Deadline.objects.get(case=case, clock__code="notify_national_panel")
    if deadline.due_on < notified:  # late: the business unit says why, for the Panel
        why = ("christmas" if spec.when == CHRISTMAS else
               "referral" if "late_referral" in spec.flags else "report")
        deadlines.record_delay_reason(deadline=deadline, actor=bu, kind=DelayReason.Kind.OTHER,
                                      text=DELAYED_NOTIFICATION[why])
    for recipient in required_recipients(_fresh(case)):
        panel = recipient == Notification.Recipient.NATIONAL_PANEL
        cases.record_notification(
            case=_fresh(case), actor=bu, recipient=recipient, notified_on=notified,
            channel=Notification.Channel.ONLINE_SYSTEM if panel
            else Notification.Channel.SECURE_EMAIL, sent_by="Priya Shah",
            panel_reference=f"CSPR-{notified:%Y}-{past.between(100, 999):04d}" if panel else "",
            acknowledged_on=notified if panel else None)


DELAYED_NOTIFICATION = {
    "report": "The hospital's report of the injuries, which confirmed the suspicion of abuse, "
              "arrived after the five working days.",
    "christmas": "The local authority's duty manager who holds the notification log was on "
                 "leave over Christmas; the notification was made on her return.",
    "referral": "The referral reached the business unit three working days after the "
                "incident; the partners decided on the day after.",
}
LEARNING_SHARING = ("A 7-minute briefing for the Learning and Development group and the "
                    "partnership newsletter; each agency's safeguarding lead shares it with "
                    "their teams.")


def _learning_route(past: Past, spec: Spec, case_pk: int, screened: date) -> Story:
    """The Learning and Development group decides (004 section 10.6), the partners approve
    and, when no review is held, the learning is shared as they said."""
    from .history_plans import tag

    bu, partner = past.person("bu@example.org"), past.person("partner@example.org")
    yield (decided := wd(screened, past.between(5, 10)))
    case = Case.objects.get(pk=case_pk)
    cases.record_learning_decision(
        case=case, actor=bu, decision=spec.route, decided_on=decided,
        rationale="Agreed by the L&D group chair at the group's monthly meeting.")
    yield (approved := wd(decided, past.between(2, 5)))
    case = Case.objects.get(pk=case_pk)
    cases.approve_learning_decision(case=case, actor=partner, approved_on=approved,
                                    sharing=LEARNING_SHARING if case.learning_holds_no_review
                                    else "")
    tag(past, case_pk, spec.themes, approved)
    item = LearningShared.objects.filter(plan__case_id=case_pk,
                                         status=LearningShared.Status.PLANNED).first()
    if item is not None:
        yield (shared := approved + timedelta(days=past.between(30, 110)))
        learning.record_shared(item=item, actor=bu, shared_on=shared)

