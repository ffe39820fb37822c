"""Sample cases at different stages, made through the services so that their timelines and
histories are real. Every name is invented. Loaded once: skipped when cases exist."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases import services as cases
from cases.models import Case, Notification
from cases.notifying import required_recipients
from demo import action_plans, history
from forms import services as referrals
from forms.models import Child, FamilyMember, InvolvedAgency, Plan, Referral
from safeguarding.models import User

R = Referral
AUTHORISING_OFFICER, CHILD = "authorising officer", "child"
LATER = ("authorising_officer", "authorising_officer_job_title", "agreement_date")
DEMO_REFERRALS = [
    # (what becomes of it, child, date of birth, referral answers). Besides the answers:
    # AUTHORISING_OFFICER "later" submits without the authorising officer's agreement (002
    # Appendix 2: "If information is unavailable do not delay"), "added" also adds it after
    # submission; CHILD holds more of the child's answers.
    ("referred", "Leo Marsh", date(2025, 12, 2), {
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "staff_conduct": "not_known", "siblings_on_cp_plan": "not_known",
        AUTHORISING_OFFICER: "later", "local_authority_told_on": None,
        "characteristics": [R.Characteristic.PHYSICAL_ABUSE, R.Characteristic.SHAKEN_BABY],
        "incident_details": "Leo (11 months) was brought to A&E by his mother with a "
                            "fractured femur and bruising to the face. The explanation given "
                            "(a fall from a sofa) is not consistent with the injuries."}),
    ("screening", "Kayden Price", date(2010, 6, 18), {
        "outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.SUICIDE, "coroner_involved": "yes", AUTHORISING_OFFICER: "added",
        "consider_referring": [R.ConsiderReferring.RISK_MISSED],
        "other_reviews": [R.OtherReview.OTHER],
        "other_reviews_details": "Child Death Overview Panel review, not yet started.",
        "coroner_details": "HM Senior Coroner, Northmoor; inquest opened and adjourned.",
        "characteristics": [R.Characteristic.LONG_STANDING_NEGLECT,
                            R.Characteristic.PARENTAL_MENTAL_HEALTH],
        "incident_details": "Kayden (16) was found dead at home. He had been known to "
                            "services for long-standing neglect."}),
    ("notification_due", "Maya Collins", date(2012, 2, 9), {
        "outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
        "looked_after": "yes", "main_cause": R.Cause.NOT_YET_KNOWN, "coroner_involved": "yes",
        "must_notify": [R.MustNotify.DEATH_IN_CUSTODY],
        "coroner_details": "HM Senior Coroner, Northmoor.",
        "characteristics": [R.Characteristic.NOT_YET_KNOWN],
        "incident_details": "Maya (14), a looked after child placed in a secure children's "
                            "home, died in hospital after a sudden collapse."}),
    ("notified", "Oliver Grant", date(2024, 3, 30), {
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
        "main_cause": R.Cause.NEGLECT, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.RECENT_NEGLECT, R.Characteristic.ALCOHOL_ABUSE],
        "incident_details": "Oliver (2) was found alone in the flat, severely dehydrated, "
                            "after his mother was arrested for a drink-driving offence."}),
    ("rapid_review", "Isla Bennett", date(2025, 5, 14), {
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.PHYSICAL_ABUSE,
                            R.Characteristic.DOMESTIC_VIOLENCE],
        "incident_details": "Isla (18 months) was admitted with a skull fracture; police "
                            "had attended a domestic incident at the home the week before."}),
    ("learning", "Ava Thompson", date(2015, 9, 1), {
        "route": R.Route.LEARNING, "outcome": R.Outcome.NEITHER,
        "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED, "main_cause": R.Cause.SELF_HARM,
        "consider_referring": [R.ConsiderReferring.RISK_MISSED,
                               R.ConsiderReferring.CONCERNS_NOT_TAKEN_SERIOUSLY],
        "characteristics": [R.Characteristic.EMOTIONAL_ABUSE],
        "why_learning": "Three agencies held concerns that were not shared.",
        "incident_details": "Ava (11) disclosed self-harm at school; health and police each "
                            "held earlier concerns that had not been shared."}),
    ("learning_to_approve", "Ruby Shaw", date(2013, 4, 22), {
        "route": R.Route.LEARNING, "outcome": R.Outcome.NEITHER,
        "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED, "main_cause": R.Cause.NEGLECT,
        "consider_referring": [R.ConsiderReferring.CONCERNS_NOT_TAKEN_SERIOUSLY],
        "characteristics": [R.Characteristic.RECENT_NEGLECT],
        "why_learning": "The school's referrals about Ruby's attendance were not followed up.",
        "incident_details": "Ruby (13) was found to have missed most of a term of school; "
                            "the school had referred its concerns three times."}),
    ("lcspr", "Freddie Walsh", date(2021, 3, 3), {
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
        "main_cause": R.Cause.NEGLECT, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.LONG_STANDING_NEGLECT,
                            R.Characteristic.PARENTAL_MENTAL_HEALTH],
        "incident_details": "Freddie (5) was admitted to hospital severely underweight; "
                            "health, education and children's social care had each seen "
                            "signs of neglect over two years."}),
    ("lcspr_published", "Mia Carter", date(2025, 4, 20), {
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
        "main_cause": R.Cause.NON_ACCIDENTAL_INJURY, "criminal_investigation": "yes",
        "characteristics": [R.Characteristic.PHYSICAL_ABUSE,
                            R.Characteristic.DOMESTIC_VIOLENCE],
        "incident_details": "Mia (10 months) was admitted with rib fractures of different "
                            "ages; her mother's partner had a history of domestic abuse."}),
    ("death_notified", "Grace Holt", date(2011, 1, 12), {
        # A looked-after child's death with no abuse or neglect suspected: Ofsted, DfE and the
        # child death review partners are told, the National Panel is not (004 s. 5.3).
        "outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
        "looked_after": "yes", "main_cause": R.Cause.NATURAL_CAUSES, "coroner_involved": "yes",
        "coroner_details": "HM Senior Coroner, Northmoor.",
        "characteristics": [R.Characteristic.OTHER],
        "characteristic_other": "Life-limiting condition; cared for in a specialist "
                                "foster placement",
        "incident_details": "Grace (15), looked after and cared for by specialist foster "
                            "carers, died in hospital of her long-term condition."}),
    ("no_further_action", "Noah Reid", None, {  # date of birth not known: age entered
        CHILD: {"age_at_incident": "7 years"},
        "outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
        "main_cause": R.Cause.ROAD_TRAFFIC_ACCIDENT,
        "characteristics": [R.Characteristic.OTHER],
        "characteristic_other": "Accident; no safeguarding concerns identified",
        "incident_details": "Noah (7) was seriously injured when struck by a car outside "
                            "school. No abuse or neglect is known or suspected."}),
]
COMMON = {
    "route": R.Route.NOTIFICATION, "place": R.Place.IN_AREA, "looked_after": "no",
    "regulated_setting": "no", "care_leaver": "no", "referrer_phone": "01632 960 114",
    "referrer_address": "St Aidan's Primary School, Church Lane, Northmoor NM4 2QT",
    "authorising_officer": "Mark Bell", "authorising_officer_job_title": "Headteacher",
    "staff_conduct": "no", "coroner_involved": "no", "criminal_investigation": "no",
    "known_to_social_care": "yes", "child_on_cp_plan": "no", "siblings_on_cp_plan": "no",
    "child_on_cin_plan": "yes", "siblings_on_cin_plan": "no",
    "why_meets_criteria": "The child died or was seriously harmed; abuse or neglect is known "
                          "or suspected.",
    "other_reviews": [R.OtherReview.NONE_KNOWN],
}
STAGES = ["referred", "screening", "notification_due", "notified", "rapid_review", "lcspr",
          "lcspr_published", "death_notified"]
LCSPRS = ("lcspr", "lcspr_published")
# The LCSPRs' cases are older: the rapid reviews have run their course; one review is under
# way, the other was published within its six months and is kept online.
DAYS_AGO = {"lcspr": 75, "lcspr_published": 270}


# The published report of the demo: clean (Child M, no names, dates or places of the family).
PUBLISHED_REPORT = """Child M: a Local Child Safeguarding Practice Review
Child M was a baby who was seriously injured at home.
Finding 1: notifications of domestic abuse stayed with the police and were not shared with
the health visitor or the school of her brother.
Finding 2: the brother's words to his teacher were recorded but not linked to the baby.
Recommendations: the partnership's information sharing protocol covers every notification
of domestic abuse in a household with a baby; schools record concerns about a sibling on
the file of each child in the household."""
RECOMMENDATIONS = [
    ("Every domestic abuse notification in a household with a baby is shared with the health "
     "visiting service within one working day.", ["Northmoor Police",
                                                  "Northmoor Teaching Hospitals NHS "
                                                  "Foundation Trust"]),
    ("Schools record a concern about a sibling on the file of each child in the household.",
     ["St Aidan's Primary School"]),
]


def _report_pdf(text: str, name: str):
    """A version of the report as the reviewer would upload it: a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safeguarding.pdf import pdf

    lines = text.splitlines()
    return SimpleUploadedFile(f"{name}.pdf", pdf("demo/report_print.html", {
        "title": lines[0], "lines": lines}), content_type="application/pdf")


# What the school's return and the rapid review found, for each LCSPR of the demo.
FREDDIE = {
    "return": {
        "initial_information": "The school nurse raised concerns about Freddie's weight in "
                               "the spring term.",
        "involvement_with_incident": "The school referred to children's social care the day "
                                     "before the admission.",
        "previous_involvement": "Two earlier referrals about attendance and hunger.",
        "practice_analysis": "The referrals were not escalated when nothing changed.",
        "immediate_action": "None needed: Freddie is in foster care.",
        "working_together_concerns": "Health and the school did not share their concerns "
                                     "with each other.",
        "voice_of_child": "Freddie told his teacher he was often hungry."},
    "chronology": "Referral to children's social care about hunger and attendance",
    "practitioner": "Made both referrals and spoke to Freddie about being hungry.",
    "immediate_actions": True,
    "outcome": {
        "facts_established": "Freddie was admitted severely underweight.",
        "agency_involvement": "Three agencies saw signs of neglect; none escalated.",
        "learning_identified": "Concerns about neglect were not shared between agencies.",
        "key_lines_of_enquiry": "How did agencies share and escalate concerns about neglect?"},
}
MIA = {
    "return": {
        "initial_information": "Mia's older brother attends the school; his teacher heard "
                               "shouting at the door at collection time.",
        "involvement_with_incident": "None: the school learnt of the admission from "
                                     "children's social care.",
        "previous_involvement": "Two notes on the brother's file about an adult's anger at "
                                "the school gate.",
        "practice_analysis": "The notes were not linked to the baby at home or shared.",
        "immediate_action": "The brother's support plan was reviewed the next day.",
        "working_together_concerns": "The police's domestic abuse notifications did not reach "
                                     "the school or the health visitor.",
        "voice_of_child": "Mia's brother told his teacher that the baby cried a lot."},
    "chronology": "A note on the brother's file: an adult shouting at the school gate",
    "practitioner": "Recorded the notes and spoke to Mia's brother.",
    "outcome": {
        "facts_established": "Mia was admitted with rib fractures of different ages.",
        "agency_involvement": "Police, health and the school each held part of the picture.",
        "learning_identified": "Domestic abuse notifications did not reach the agencies "
                               "working with the baby.",
        "key_lines_of_enquiry": "How did agencies share what they knew of domestic abuse in "
                                "a household with a baby?"},
}


class Command(BaseCommand):
    help = "Load sample cases at different stages (embedded mode only; once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--without-history", dest="history", action="store_false",
                            help="Only the sample cases at each stage, not the partnership's "
                                 "past (demo/history.py): quicker.")

    def handle(self, *args, **options) -> None:
        if not settings.EMBEDDED:
            raise CommandError("Demo cases are refused in production.")
        if Case.objects.exists():
            self.stdout.write("Cases exist already: demo cases not loaded again.")
            return
        people = {user.email: user for user in User.objects.select_related("agency")}
        with transaction.atomic():
            for number, (stage, child, born, answers) in enumerate(DEMO_REFERRALS):
                self._case(people, stage, child, born, answers,
                           days_ago=DAYS_AGO.get(stage, 3 + 4 * number))
            referrals.start_referral(actor=people["school@example.org"])
            past = history.load(people) if options.get("history", True) else 0
        self.stdout.write(self.style.SUCCESS(f"{len(DEMO_REFERRALS)} demo cases loaded"
                                             + (f", and {past} of the partnership's past."
                                                if past else ".")))

    def _case(self, people, stage, child_name, born, answers, days_ago) -> None:
        school, bu = people["school@example.org"], people["bu@example.org"]
        happened = timezone.localdate() - timedelta(days=days_ago + 2)
        referral = referrals.start_referral(actor=school)
        # The agency knew on the day; the local authority was told then too, which starts the
        # 5 working days to notify (one referral leaves it "not known" for the business unit).
        answers = {**COMMON, "agency_aware_on": happened, "local_authority_told_on": happened,
                   **answers, "incident_date": happened,
                   "agreement_date": happened + timedelta(days=1)}
        authorising_officer = answers.pop(AUTHORISING_OFFICER, "")
        child = answers.pop(CHILD, {})
        agreement = {field: answers.pop(field) for field in LATER} if authorising_officer else {}
        referrals.save_referral_section(referral=referral, actor=school, answers=answers,
                                        version=None)
        died = answers["outcome"] == R.Outcome.DIED
        Child.objects.create(referral=referral, full_name=child_name, date_of_birth=born,
                             gender="not_known", address="Northmoor",
                             date_of_death=happened if died else None, **child)
        FamilyMember.objects.create(referral=referral, kind="parent", first_name="Jo",
                                    last_name=child_name.split()[-1],
                                    relationship_to_child="Mother")
        Plan.objects.create(referral=referral, kind="child_in_need", person_name=child_name,
                            started_on=happened - timedelta(days=200))
        InvolvedAgency.objects.create(referral=referral, contact_name="Samir Haddad",
                                      organisation="Northmoor Teaching Hospitals",
                                      still_involved="yes")
        case = referrals.submit_referral(referral=referral, actor=school)
        # Received the day after the incident (004 section 4.5: within 1 working day): the
        # dates recorded on the case later may not be before it.
        self._received_on(case, happened + timedelta(days=1))
        if authorising_officer == "added":
            referral.refresh_from_db()
            referrals.record_authorising_officer(
                referral=referral, actor=school, version=None,
                answers={**agreement, "agreement_date": happened + timedelta(days=2)})
        decided_on = happened + timedelta(days=2)
        if stage == "referred":
            return
        cases.inform_partners(case=case, actor=bu, informed_on=happened + timedelta(days=1))
        if stage == "screening":
            return
        decision = {"learning": Case.ScreeningDecision.LEARNING,
                    "learning_to_approve": Case.ScreeningDecision.LEARNING,
                    "no_further_action": Case.ScreeningDecision.NO_FURTHER_ACTION,
                    "death_notified": Case.ScreeningDecision.NO_FURTHER_ACTION}.get(
                        stage, Case.ScreeningDecision.NOTIFY)
        cases.record_screening_decision(
            case=case, actor=people["partner@example.org"], decision=decision,
            decided_on=decided_on, rationale="Considered by the three partners on the day.")
        if stage == "learning":
            # Decided, approved by the partners, and how the learning will be shared, as no
            # review is held (004 sections 10.6 and 10.7, 001).
            cases.record_learning_decision(
                case=case, actor=bu, rationale="Agreed by the L&D group chair: the sharing "
                "of concerns between agencies is explored through the partnership's "
                "quality assurance audits.", decided_on=happened + timedelta(days=3),
                decision=Case.LearningDecision.QUALITY_ASSURANCE)
            cases.approve_learning_decision(
                case=case, actor=people["partner@example.org"],
                approved_on=happened + timedelta(days=4),
                sharing="A 7-minute briefing to the Learning and Development group and the "
                        "partnership newsletter; each agency's safeguarding lead shares it "
                        "with their teams.")
        if stage == "learning_to_approve":  # with the partners for approval
            cases.record_learning_decision(
                case=case, actor=bu, rationale="Agreed by the L&D group chair.",
                decided_on=happened + timedelta(days=3),
                decision=Case.LearningDecision.MULTI_AGENCY_PRACTICE_REVIEW)
        cases.record_referrer_feedback(case=case, actor=bu, told_on=decided_on)
        if stage not in STAGES:
            return
        cases.record_local_authority_awareness(case=case, actor=bu, aware_on=happened)
        if stage in ("notified", "rapid_review", *LCSPRS, "death_notified"):
            for recipient in required_recipients(case):
                cases.record_notification(
                    case=case, actor=bu, recipient=recipient, notified_on=decided_on,
                    channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Priya Shah",
                    panel_reference="CSPR-2026-0412" if recipient == "national_panel" else "",
                    acknowledged_on=decided_on if recipient == "national_panel" else None)
        if stage == "notified":  # Oliver's father lives in another area (002 section 3)
            cases.record_notification(
                case=case, actor=bu, recipient=Notification.Recipient.OTHER_AREA,
                area="Calderbrook", notified_on=decided_on,
                channel=Notification.Channel.SECURE_EMAIL, sent_by="Priya Shah")
        if stage == "notification_due":  # overdue: the business unit has said why
            self._delay_reason(case, bu)
        if stage == "rapid_review":
            self._rapid_review(people, case, decided_on)
        if stage == "lcspr":
            lcspr = self._lcspr(people, case, notified_on=decided_on)
            action_plans.progress_immediate_actions(people, lcspr.case.rapid_review.action_plan)
        if stage == "lcspr_published":
            self._published_lcspr(people, case, notified_on=decided_on)

    @staticmethod
    def _received_on(case: Case, day: date) -> None:
        """The demo's referral was submitted on ``day``, not today: its date and its case's."""
        from deadlines.services import sync

        Case.objects.filter(pk=case.pk).update(received_on=day)
        Referral.objects.filter(case=case).update(submitted_on=day)
        case.refresh_from_db()
        sync(case)

    def _rapid_review(self, people, case, decided_on) -> None:
        """Started, and the school and the charity asked: the school has begun its return."""
        from reviews.rapid_review import services as reviews
        from safeguarding import workflow
        from safeguarding.models import Agency

        bu = people["bu@example.org"]
        review = reviews.start_rapid_review(
            case=case, actor=bu, decided_on=decided_on,
            decision_note="The partnership Chair agreed with the triage that a rapid review "
                          "is required.")
        asked = reviews.send_information_requests(
            review=review, actor=bu, agencies=Agency.objects.filter(
                name__in=["St Aidan's Primary School", "Northmoor Family Support Network"]))
        school_return = next(r for r in asked if r.agency.kind == Agency.Kind.EDUCATION)
        school_return.completed_by_name = "Claire Dunn"
        school_return.initial_information = ("Children's social care told the school on the "
                                             "day of the admission.")
        school_return.save(update_fields=["completed_by_name", "initial_information"])
        workflow.perform(school_return, "start_return", actor=people["school@example.org"])

    @staticmethod
    def _delay_reason(case, bu) -> None:
        from deadlines import services as deadlines
        from deadlines.models import Deadline, DelayReason

        late = Deadline.objects.filter(case=case, clock__code="notify_national_panel",
                                       state=Deadline.State.OVERDUE).first()
        if late is not None:
            deadlines.record_delay_reason(
                deadline=late, actor=bu, kind=DelayReason.Kind.OTHER,
                text="The secure children's home's incident report, which the online "
                     "notification asks for, had not arrived.")

    @staticmethod
    def _nil_return(people, information_return, completed_on: date) -> None:
        """The charity has had no involvement with the child's family: a nil return, no
        chronology (seed 002)."""
        from reviews.rapid_review import services as reviews

        information_return.completed_by_name = "Dev Patel"
        information_return.completed_by_role = "Service Manager"
        information_return.completed_on = completed_on
        information_return.had_involvement = "no"
        information_return.nil_return_reason = ("No record of the child or family in our "
                                                "case management system since it began in "
                                                "2019.")
        information_return.save()
        reviews.submit_information_return(information_return=information_return,
                                          actor=people["charity@example.org"])

    def _lcspr(self, people, case, notified_on, story=FREDDIE):
        """A rapid review run to its end (the school's return, the panel, the partners'
        decision on an LCSPR signed off by the three partners, the National Panel agreeing),
        which opens the LCSPR; the National Panel, Ofsted and DfE told; the independent
        reviewer (reviewer@example.org) assessed against 004 section 8.1 and commissioned."""
        from reviews.lcspr import services as lcsprs
        from reviews.models import (
            ChronologyEntry,
            Lcspr,
            PanelAttendance,
            ParallelProcess,
            RapidReview,
            ReturnPractitioner,
        )
        from reviews.rapid_review import services as reviews
        from safeguarding.models import Agency
        from safeguarding.rows import RowChange

        def day(n: int) -> date:
            return notified_on + timedelta(days=n)

        bu, chair = people["bu@example.org"], people["chair@example.org"]
        review = reviews.start_rapid_review(
            case=case, actor=bu, decided_on=day(1),
            decision_note="The partnership Chair agreed with the triage that a rapid review "
                          "is required.")
        school = Agency.objects.get(name="St Aidan's Primary School")
        charity = Agency.objects.get(name="Northmoor Family Support Network")
        asked = reviews.send_information_requests(review=review, actor=bu,
                                                  agencies=[school, charity])
        answered = next(r for r in asked if r.agency == school)
        self._nil_return(people, next(r for r in asked if r.agency == charity), day(3))
        for field, answer in {**story["return"], "completed_by_name": "Claire Dunn",
                              "completed_by_role": "Designated Safeguarding Lead",
                              "had_involvement": "yes",
                              "recommended_review": "local"}.items():
            setattr(answered, field, answer)
        answered.completed_on = day(3)
        answered.save()
        ChronologyEntry.objects.create(information_return=answered, happened_on=day(-40),
                                       event=story["chronology"])
        ReturnPractitioner.objects.create(
            information_return=answered, name="Claire Dunn", role="Designated Safeguarding "
            "Lead", agency_or_team="St Aidan's Primary School",
            involvement=story["practitioner"])
        reviews.record_parallel_processes(review=review, actor=bu, processes=[
            RowChange(values={"kind": ParallelProcess.Kind.CRIMINAL_INVESTIGATION,
                              "lead": "DI Sam Cole, Northmoor Police",
                              "progress": ParallelProcess.Progress.UNDER_WAY,
                              "notes": "Disclosure to the reviewer agreed with the police."})])
        reviews.submit_information_return(information_return=answered,
                                          actor=people["school@example.org"])
        reviews.choose_panel(review=review, actor=bu,
                             members=[chair, people["panel@example.org"]])
        reviews.circulate_panel_pack(review=review, actor=bu, circulated_on=day(5))
        reviews.record_attendance(review=review, actor=bu, attendance=[
            RowChange(values={"name": name, "job_title": title, "agency": Agency.objects.get(
                name=agency), "panel_role": role, "direct_involvement": False})
            for name, title, agency, role in [
                ("Ruth Ellison", "Head of Safeguarding and Quality",
                 "Northmoor Council Children's Services", PanelAttendance.PanelRole.CHAIR),
                ("Samir Haddad", "Named Nurse for Safeguarding Children",
                 "Northmoor Teaching Hospitals NHS Foundation Trust",
                 PanelAttendance.PanelRole.MEMBER),
                ("DI Sam Cole", "Detective Inspector", "Northmoor Police",
                 PanelAttendance.PanelRole.MEMBER),
                ("Claire Dunn", "Designated Safeguarding Lead", "St Aidan's Primary School",
                 PanelAttendance.PanelRole.MEMBER),
                ("Joanne Pike", "Senior Solicitor", "Northmoor Council Legal Services",
                 PanelAttendance.PanelRole.LEGAL_ADVISER)]])
        reviews.record_meeting_held(review=review, actor=bu, held_on=day(7))
        reviews.record_recommendation(review=review, actor=chair, version=None,
                                      actions=action_plans.immediate_actions()
                                      if story.get("immediate_actions") else [], outcome={
            **story["outcome"],
            "recommendation": RapidReview.Recommendation.LCSPR, "complex_or_national": "no",
            "rationale": "The criteria for an LCSPR in Working Together 2023 are met.",
            "recommended_reviewer": RapidReview.ReviewerKind.INDEPENDENT,
            "recommended_methodology": "A systems review with a learning event for the "
                                       "practitioners involved."})
        scrutineer = people["scrutineer@example.org"]
        reviews.record_partners_decision(review=review, actor=scrutineer, agrees=True)
        reviews.sign_off(review=review, actor=people["partner@example.org"], signed_on=day(8),
                         decision_version=review.decision_version)
        # The ICB partner declines: the decision goes back to the decision maker, who decides
        # again; the earlier signature is voided and all three sign again.
        reviews.decline_sign_off(
            review=review, actor=people["icb.partner@example.org"],
            decision_version=review.decision_version,
            reason="The decision should say that the GP practice's records are in scope.")
        reviews.record_partners_decision(review=review, actor=scrutineer, agrees=True)
        for email in ("partner@example.org", "police.partner@example.org",
                      "icb.partner@example.org"):
            reviews.sign_off(review=review, actor=people[email], signed_on=day(9),
                             decision_version=review.decision_version)
        reviews.record_family_told(review=review, actor=bu, told=True, told_on=day(10),
                                   told_by="Ruth Ellison, Head of Safeguarding and Quality")
        reviews.record_submission(review=review, actor=bu, submitted_on=day(10))
        reviews.record_panel_response(review=review, actor=bu, responded_on=day(20),
                                      response=RapidReview.PanelResponse.AGREES)
        reviews.record_publication(
            review=review, actor=bu, published=False,
            reason="The criminal investigation is under way: the partners will publish the "
                   "learning with the LCSPR's report.")
        reviews.conclude_rapid_review(review=review, actor=bu,
                                      next_step=RapidReview.NextStep.LCSPR)
        lcspr = Lcspr.objects.select_related("case").get(case=case)
        everyone = ["national_panel", "ofsted", "dfe"]
        lcsprs.record_decision_told(lcspr=lcspr, actor=bu, recipients=everyone,
                                    told_on=day(11))
        lcsprs.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                   procurement="regional_framework", started_on=day(14))
        commission = lcsprs.assess_reviewer(
            lcspr=lcspr, actor=bu, reviewer=people["reviewer@example.org"], assessed_on=day(25),
            practice_knowledge="yes", research_knowledge="yes", recognises_complexity="yes",
            communicates_findings="yes", conflict="none",
            assessment_notes="Author of three published LCSPRs on neglect; references from "
                             "two partnerships; interviewed by the three partners.")
        lcsprs.commission_reviewer(lcspr=lcspr, actor=bu, commission=commission,
                                   commissioned_on=day(30))
        lcsprs.record_reviewer_told(lcspr=lcspr, actor=bu, recipients=everyone,
                                    told_on=day(32))
        return lcspr

    def _published_lcspr(self, people, case, notified_on) -> None:
        """An LCSPR run to publication within its six months: the governance group, the terms
        of reference agreed, a progress report, two versions of the report (the first
        commented on), its recommendations, the sign-off by the three partners and the
        independent scrutineer, the copies 7 working days before the planned date, the
        publication and the press statement. Kept online now."""
        from reviews.lcspr import services as lcsprs
        from reviews.lcspr.reports import services as reports
        from reviews.models import Lcspr
        from safeguarding.models import Agency
        from safeguarding.rows import RowChange

        def day(n: int) -> date:
            return notified_on + timedelta(days=n)

        bu, reviewer = people["bu@example.org"], people["reviewer@example.org"]
        lcspr = self._lcspr(people, case, notified_on, story=MIA)

        def fresh() -> Lcspr:
            return Lcspr.objects.select_related("case").get(pk=lcspr.pk)

        health = Agency.objects.get(name="Northmoor Teaching Hospitals NHS Foundation Trust")
        lcsprs.record_governance_group(lcspr=fresh(), actor=bu, members=[RowChange(values={
            "user": people["partner@example.org"], "name": "", "agency": None,
            "job_title": "", "role": "member"}), RowChange(values={
            "user": None, "name": "Dr Amir Khan", "agency": health,
            "job_title": "Designated doctor for safeguarding", "role": "member"})])
        lcsprs.set_terms_of_reference(
            lcspr=fresh(), actor=bu, scope="Multi-agency practice with the baby, her brother "
            "and the household, from the booking appointment to the admission to hospital.",
            period_from=day(-300), period_to=day(-2),
            key_lines_of_enquiry="How did agencies share what they knew of domestic abuse in "
                                 "a household with a baby?\nWas the voice of the brother "
                                 "heard?",
            methodology="systems", methodology_reason="The best opportunity to learn how the "
            "system let information about domestic abuse stay with one agency.")
        lcsprs.record_timetable(lcspr=fresh(), actor=bu, milestones=[
            RowChange(values={"name": name, "due_on": day(due), "done_on": day(done)})
            for name, due, done in [("Chronologies from the agencies", 60, 58),
                                    ("Practitioners' learning event", 90, 92),
                                    ("First draft to the governance group", 120, 118)]])
        lcsprs.agree_terms_of_reference(lcspr=fresh(), actor=bu, agreed_on=day(40),
                                        agreed_by="The governance group, with the reviewer")
        lcsprs.agree_media_strategy(
            lcspr=fresh(), actor=bu, agreed_on=day(41), approved_on=day(45),
            strategy="Holding statement only until publication; the communications team of "
                     "the local authority leads, with the police's press office.")
        lcsprs.record_progress_report(
            lcspr=fresh(), actor=reviewer, reported_on=day(92),
            report="Chronologies received from all agencies; the learning event was held "
                   "with nine practitioners.")
        reports.upload_report_version(lcspr=fresh(), actor=reviewer, received_on=day(118),
                                      upload=_report_pdf(PUBLISHED_REPORT, "draft-1"))
        reports.comment_on_report(
            lcspr=fresh(), actor=people["partner@example.org"], group="governance",
            text="Say more about why the police notifications did not reach health.",
            commented_on=day(125))
        reports.upload_report_version(lcspr=fresh(), actor=reviewer, received_on=day(140),
                                      upload=_report_pdf(PUBLISHED_REPORT, "final"))
        for what, agencies in RECOMMENDATIONS:
            reports.record_recommendation(
                lcspr=fresh(), actor=bu, what=what, due_on=day(330),
                agencies=Agency.objects.filter(name__in=agencies))
        for email in ("partner@example.org", "police.partner@example.org",
                      "icb.partner@example.org", "scrutineer@example.org"):
            reports.sign_off_report(lcspr=fresh(), actor=people[email], version_number=2,
                                    signed_on=day(150))
        lcsprs.record_final_sign_off(lcspr=fresh(), actor=bu, signed_off_on=day(150))
        lcsprs.decide_publication(lcspr=fresh(), actor=bu, decision="full",
                                  decided_on=day(152), planned_on=day(175))
        lcsprs.record_report_sent(lcspr=fresh(), actor=bu, sent_on=day(160))
        lcsprs.record_publication(lcspr=fresh(), actor=bu, published_on=day(175),
                                  url="https://www.example.org/northmoor-scp/child-m")
        lcsprs.record_press_statement(
            lcspr=fresh(), actor=bu, released_on=day(175),
            statement="The partnership has published its review of the serious injury of a "
                      "baby, Child M, with six findings and the actions agencies are taking.")
        action_plans.lcspr_plan(people, fresh(), day)
