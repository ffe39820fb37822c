"""The LCSPRs of the partnership's past (demo/history.py), from the partners' decision signed
off in the rapid review: "published" within the six months; "late", published after them
because of criminal proceedings, the Panel and the Secretary of State told; "overdue", its
six months passed while an inquest is awaited; "in_progress", the reviewer at work."""

from datetime import date, timedelta

from deadlines.models import DelayReason
from reviews.action_plans import services as plans
from reviews.action_plans.models import ActionPlan
from reviews.lcspr import services as lcsprs
from reviews.lcspr.reports import services as reports
from reviews.learning import services as learning
from reviews.learning.models import LearningShared
from reviews.models import Lcspr
from safeguarding.rows import RowChange

from .history import CHARITY, COUNCIL, HEALTH, POLICE, SCHOOL, Past, Story, wd, working_day
from .history_plans import action_story, tag

EVERYONE = ["national_panel", "ofsted", "dfe"]
SIGNERS = ("partner@example.org", "police.partner@example.org", "icb.partner@example.org",
           "scrutineer@example.org")
MILESTONES = [("Chronologies from the agencies", 65), ("Practitioners' learning event", 95),
              ("First draft to the governance group", 125)]
REPORT = """Child {letter}: a Local Child Safeguarding Practice Review
Child {letter} was known to several agencies in the year before the incident.
Finding 1: each agency held part of the picture; none of them held all of it.
Finding 2: the child's own words were recorded but did not change the plan.
Recommendations: the partnership's information sharing protocol is refreshed; every agency
records the child's words and what was done about them."""
# The report's recommendations: what, which agencies, due this many days after publication.
RECOMMENDATIONS = [
    ("Every agency shares concerns about the household within one working day under the "
     "refreshed information sharing protocol.", [POLICE, HEALTH], 90),
    ("Each child's words, and what was done about them, are recorded on their file.",
     [SCHOOL, COUNCIL], 150),
]
# The fates of the plan's actions (history_plans), in the order they are made: the report's
# four, then the charity's own.
FATES = {"published": ["ok", "late", "ok", "over", "no"],
         "late": ["esc", "ext", "ok", "over", "ok"]}
DELAYS = {
    "late": (DelayReason.Kind.CRIMINAL_PROCEEDINGS, "The trial of the child's father is "
             "listed for the spring: the report is published after the verdict."),
    "overdue": (DelayReason.Kind.INQUEST, "The coroner's inquest is not yet concluded: the "
                "partners will publish after it."),
}


def _lcspr(case_pk: int) -> Lcspr:
    return Lcspr.objects.select_related("case").get(case_id=case_pk)


def lcspr_story(past: Past, spec, case_pk: int) -> Story:
    kind = spec.lcspr
    decided, opened = _lcspr(case_pk).decided_on, past.now

    def day(n: int) -> date:
        """``n`` days from the decision; the record is made when the rapid review concludes,
        weeks after the decision (what was done before is recorded with its own date)."""
        return max(opened, working_day(decided + timedelta(days=n)))

    # The National Panel, Ofsted and DfE were told of the decision in its first days.
    lcsprs.record_decision_told(lcspr=_lcspr(case_pk), actor=past.person("bu@example.org"),
                                recipients=EVERYONE, told_on=min(opened, wd(decided, 2)))
    yield from _commission(past, case_pk, day)
    yield from _terms(past, spec, case_pk, day)
    if kind == "in_progress":
        return
    yield from _report(past, spec, case_pk, day)
    shift = 0
    if kind in DELAYS:
        yield day(165)
        delay, words = DELAYS[kind]
        lcsprs.record_publication_delay(lcspr=_lcspr(case_pk), actor=past.person(
            "bu@example.org"), kind=delay, text=words, told_on=day(165))
        if kind == "overdue":
            return
        shift = 95
    yield from _publish(past, spec, case_pk, lambda n: day(n + shift))


def _commission(past: Past, case_pk: int, day) -> Story:
    bu = past.person("bu@example.org")
    yield day(8)
    lcsprs.start_commissioning(lcspr=_lcspr(case_pk), actor=bu, reviewer_kind="independent",
                               procurement="regional_framework", started_on=day(8))
    yield day(20)
    commission = lcsprs.assess_reviewer(
        lcspr=_lcspr(case_pk), actor=bu, reviewer=past.person("reviewer@example.org"),
        assessed_on=day(20), practice_knowledge="yes", research_knowledge="yes",
        recognises_complexity="yes", communicates_findings="yes", conflict="none",
        assessment_notes="Author of published LCSPRs; references from two partnerships.")
    yield day(26)
    lcsprs.commission_reviewer(lcspr=_lcspr(case_pk), actor=bu, commission=commission,
                               commissioned_on=day(26))
    lcsprs.record_reviewer_told(lcspr=_lcspr(case_pk), actor=bu, recipients=EVERYONE,
                                told_on=day(26))


def _terms(past: Past, spec, case_pk: int, day) -> Story:
    """The governance group, the terms of reference and the timetable, agreed; the
    milestones met as the review goes; a progress report."""
    bu, reviewer = past.person("bu@example.org"), past.person("reviewer@example.org")
    yield day(30)
    lcsprs.record_governance_group(lcspr=_lcspr(case_pk), actor=bu, members=[
        RowChange(values={"user": past.person("partner@example.org"), "name": "",
                          "agency": None, "job_title": "", "role": "member"}),
        RowChange(values={"user": None, "name": "Dr Amir Khan", "agency": past.agencies[HEALTH],
                          "job_title": "Designated doctor for safeguarding",
                          "role": "member"})])
    lcsprs.set_terms_of_reference(
        lcspr=_lcspr(case_pk), actor=bu, period_from=day(-400), period_to=day(-20),
        scope="Multi-agency practice with the child and the household in the year before "
              "the incident.",
        key_lines_of_enquiry="How did agencies share what they knew?\nWas the child seen and "
                             "heard?",
        methodology="systems", methodology_reason="The best way to learn how the system let "
                                                  "information stay with one agency.")
    lcsprs.record_timetable(lcspr=_lcspr(case_pk), actor=bu, milestones=[
        RowChange(values={"name": name, "due_on": day(due)}) for name, due in MILESTONES])
    yield day(45)
    lcsprs.agree_terms_of_reference(lcspr=_lcspr(case_pk), actor=bu, agreed_on=day(45),
                                    agreed_by="The governance group, with the reviewer")
    milestones = list(_lcspr(case_pk).milestones.order_by("due_on"))
    for milestone, (_name, due) in zip(milestones[:2], MILESTONES, strict=False):
        yield (done := day(due - past.between(0, 4)))
        lcsprs.record_timetable(lcspr=_lcspr(case_pk), actor=bu, milestones=[
            RowChange(pk=milestone.pk, values={"done_on": done})])
    lcsprs.record_progress_report(
        lcspr=_lcspr(case_pk), actor=reviewer, reported_on=past.now,
        report="Chronologies received from all agencies; the learning event was held with "
               "the practitioners involved.")


def _report(past: Past, spec, case_pk: int, day) -> Story:
    """Two versions of the report, the first commented on by the governance group."""
    from .management.commands.load_demo_cases import _report_pdf

    bu, reviewer = past.person("bu@example.org"), past.person("reviewer@example.org")
    text = REPORT.format(letter=spec.child[0])
    yield day(122)
    reports.upload_report_version(lcspr=_lcspr(case_pk), actor=reviewer, received_on=day(122),
                                  upload=_report_pdf(text, "draft-1"))
    milestone = _lcspr(case_pk).milestones.order_by("due_on").last()
    lcsprs.record_timetable(lcspr=_lcspr(case_pk), actor=bu, milestones=[
        RowChange(pk=milestone.pk, values={"done_on": day(122)})])
    yield day(128)
    reports.comment_on_report(lcspr=_lcspr(case_pk), actor=past.person("partner@example.org"),
                              group="governance", commented_on=day(128),
                              text="Say more about why the agencies did not share.")
    yield day(142)
    reports.upload_report_version(lcspr=_lcspr(case_pk), actor=reviewer, received_on=day(142),
                                  upload=_report_pdf(text, "final"))


def _publish(past: Past, spec, case_pk: int, day) -> Story:
    """The recommendations, the sign-off of the three partners and the scrutineer, the
    copies at least 7 working days before the planned date, the publication; the plan."""
    bu = past.person("bu@example.org")
    published = day(172)
    yield day(150)
    for what, agencies, after in RECOMMENDATIONS:
        reports.record_recommendation(
            lcspr=_lcspr(case_pk), actor=bu, what=what,
            agencies=[past.agencies[name] for name in agencies],
            due_on=published + timedelta(days=after))
    for email in SIGNERS:
        reports.sign_off_report(lcspr=_lcspr(case_pk), actor=past.person(email),
                                version_number=2, signed_on=day(150))
    lcsprs.record_final_sign_off(lcspr=_lcspr(case_pk), actor=bu, signed_off_on=day(150))
    _plan(past, spec, case_pk, day)
    yield day(152)
    lcsprs.decide_publication(lcspr=_lcspr(case_pk), actor=bu, decision="full",
                              decided_on=day(152), planned_on=published)
    yield day(158)
    lcsprs.record_report_sent(lcspr=_lcspr(case_pk), actor=bu, sent_on=day(158))
    yield published
    reference = _lcspr(case_pk).case.reference.lower()
    lcsprs.record_publication(lcspr=_lcspr(case_pk), actor=bu, published_on=published,
                              url=f"https://www.example.org/northmoor-scp/{reference}")
    lcsprs.record_press_statement(
        lcspr=_lcspr(case_pk), actor=bu, released_on=published,
        statement="The partnership has published its review, with its findings and the "
                  "actions agencies are taking.")
    yield day(195)
    plan = ActionPlan.objects.get(lcspr__case_id=case_pk)
    learning.record_shared_now(
        plan=plan, actor=bu, what="The review's learning on sharing concerns about a "
                                  "household", how=LearningShared.How.BRIEFING,
        audience="Every agency's safeguarding leads", shared_on=day(195))


def _plan(past: Past, spec, case_pk: int, day) -> None:
    """The plan from the report's recommendations, with the charity's own action, agreed
    by the group; each action to its fate; the recommendations' themes."""
    bu, chair = past.person("bu@example.org"), past.person("chair@example.org")
    lcspr = _lcspr(case_pk)
    plan = plans.plan_from_recommendations(lcspr=lcspr, actor=bu)
    extra = plans.propose_action(
        plan=plan, actor=bu, owner_agency=past.agencies[CHARITY],
        action="Family support workers record a concern about any child on the file of each "
               "child in the household.", due_on=day(172 + 120))
    actions = [*plan.actions.exclude(pk=extra.pk).order_by("pk"), extra]
    for action, fate in zip(actions, FATES[spec.lcspr], strict=True):
        plans.agree_action(action=action, actor=chair, agreed_on=day(150),
                           note="Agreed at the group's meeting.")
        past.add(action_story(past, action.pk, fate))
    tag(past, case_pk, spec.themes[:2], day(150), record="lcspr", record_id=lcspr.pk)
    for recommendation in lcspr.report_recommendations.all():
        tag(past, case_pk, ("Information sharing", "Voice of the child"), day(150),
            record="recommendation", record_id=recommendation.pk)
