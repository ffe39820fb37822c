import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from demo.management.commands.load_demo import DEMO_PASSWORD
from safeguarding.models import Agency, Role, User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "bu@example.org": Role.BUSINESS_UNIT,
    "partner@example.org": Role.SAFEGUARDING_PARTNER,
    "police.partner@example.org": Role.SAFEGUARDING_PARTNER,
    "icb.partner@example.org": Role.SAFEGUARDING_PARTNER,
    "chair@example.org": Role.PANEL_CHAIR,
    "panel@example.org": Role.PANEL_MEMBER,
    "school@example.org": Role.AGENCY_CONTRIBUTOR,
    "charity@example.org": Role.AGENCY_CONTRIBUTOR,
    "police@example.org": Role.AGENCY_CONTRIBUTOR,
    "health@example.org": Role.AGENCY_CONTRIBUTOR,
    "council@example.org": Role.AGENCY_CONTRIBUTOR,
    "reviewer@example.org": Role.REVIEWER,
    "scrutineer@example.org": Role.SCRUTINEER,
    "manager@example.org": Role.MANAGER,
    "admin@example.org": Role.ADMINISTRATOR,
    "police.head@example.org": Role.MANAGER,
    "health.head@example.org": Role.MANAGER,
    "school.head@example.org": Role.MANAGER,
    "charity.head@example.org": Role.MANAGER,
}


def load_demo(capsys) -> str:
    call_command("load_demo")
    return capsys.readouterr().out


def test_the_demo_partnership_has_every_role_and_prints_its_logins(capsys):
    output = load_demo(capsys)
    users = {u.email: u for u in User.objects.select_related("agency")}
    assert {email: u.role for email, u in users.items()} == DEMO_LOGINS
    for email in DEMO_LOGINS:
        assert email in output
        assert authenticate(RequestFactory().post("/sign-in/"), username=email,
                            password=DEMO_PASSWORD) == users[email]
    assert DEMO_PASSWORD in output
    assert set(Role.values) == {u.role for u in users.values()}


def test_the_three_partners_sign_for_the_three_statutory_partners(capsys):
    load_demo(capsys)
    partners = User.objects.filter(role=Role.SAFEGUARDING_PARTNER).select_related("agency")
    assert sorted(p.agency.kind for p in partners) == sorted(Agency.STATUTORY_PARTNER_KINDS)


def test_the_demo_has_the_agencies_a_rapid_review_panel_needs(capsys):
    load_demo(capsys)
    kinds = set(Agency.objects.values_list("kind", flat=True))
    assert {Agency.Kind.LOCAL_AUTHORITY, Agency.Kind.POLICE, Agency.Kind.INTEGRATED_CARE_BOARD,
            Agency.Kind.HEALTH_PROVIDER, Agency.Kind.EDUCATION, Agency.Kind.LEGAL,
            Agency.Kind.THIRD_SECTOR} <= kinds
    school = User.objects.get(email="school@example.org").agency
    charity = User.objects.get(email="charity@example.org").agency
    assert school != charity


def test_loading_the_demo_twice_changes_nothing(capsys):
    load_demo(capsys)
    load_demo(capsys)
    assert User.objects.count() == len(DEMO_LOGINS)
    assert User.history.count() == len(DEMO_LOGINS)


def test_the_demo_is_refused_in_production(settings):
    settings.EMBEDDED = False
    with pytest.raises(CommandError, match="refused in production"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_the_demo_cases_show_every_stage_and_load_once(capsys):
    from cases.models import Case

    load_demo(capsys)
    call_command("load_demo_cases", history=False)
    call_command("load_demo_cases", history=False)
    assert sorted(Case.objects.values_list("status", flat=True)) == sorted([
        "referred", "screening", "notification_due", "notified", "rapid_review", "lcspr",
        "lcspr", "learning_decided", "learning_to_approve", "no_further_action",
        "no_further_action"])
    review = Case.objects.get(status="rapid_review").rapid_review
    assert sorted(review.returns.values_list("status", flat=True)) == ["draft", "requested"]
    notified = Case.objects.get(status="notified")
    # The online notification, and another area's partners (002 section 3).
    assert sorted(n.told for n in notified.notifications.all()) == [
        "National Panel, Ofsted and DfE (online notification)",
        "Safeguarding partners of Calderbrook"]
    assert notified.decisions.count() >= 5


def test_the_demo_has_an_lcspr_in_progress_with_its_reviewer(capsys):
    """Issue 13: an LCSPR in progress, the independent reviewer (reviewer@example.org)
    commissioned on it, made through the services: its decisions are in the log, and the
    reviewer reads it and its case, and no other case."""
    from cases.models import Case
    from reviews.models import Lcspr

    load_demo(capsys)
    call_command("load_demo_cases", history=False)
    lcspr = Lcspr.objects.select_related("case").get(status=Lcspr.Status.IN_PROGRESS)
    assert lcspr.case.status == Case.Status.LCSPR
    reviewer = User.objects.get(email="reviewer@example.org")
    commission = lcspr.commissions.get()
    assert commission.reviewer == reviewer and commission.is_current
    assert sorted(lcspr.notices.values_list("about", "recipient")) == [
        ("decision", "dfe"), ("decision", "national_panel"), ("decision", "ofsted"),
        ("reviewer", "dfe"), ("reviewer", "national_panel"), ("reviewer", "ofsted")]
    assert list(lcspr.case.decisions.filter(record="LCSPR").values_list(
        "transition", flat=True)) == [
        "decide", "tell_of_decision", "all_told_of_decision", "start_commissioning",
        "assess_reviewer", "commission_reviewer", "tell_of_reviewer", "all_told_of_reviewer"]
    assert reviewer.has_perm("reviews.view_lcspr", lcspr)
    assert reviewer.has_perm("cases.view_case", lcspr.case)
    assert not any(reviewer.has_perm("cases.view_case", case)
                   for case in Case.objects.exclude(lcspr__isnull=False))


def test_the_demo_has_a_published_lcspr(capsys):
    """Issue 13: an LCSPR published within its six months (004 section 15.5), its report
    signed off by the three partners and the scrutineer (004 section 16.1), the copies sent
    at least 7 working days before (004 section 14.7), with nothing of the family in it (the
    redaction check clear) and the kept-online clock running."""
    from deadlines.models import Deadline
    from reviews.lcspr.clocks import KEPT_ONLINE
    from reviews.lcspr.reports.workflow import current_version
    from reviews.models import Lcspr

    load_demo(capsys)
    call_command("load_demo_cases", history=False)
    lcspr = Lcspr.objects.select_related("case").get(status=Lcspr.Status.PUBLISHED)
    assert lcspr.published_url == "https://www.example.org/northmoor-scp/child-m"
    version = current_version(lcspr)
    assert version.number == 2 and version.sign_offs.filter(voided_on__isnull=True).count() == 4
    assert not version.redaction_hits.exists()  # the report names no one
    states = dict(Deadline.objects.filter(case=lcspr.case).values_list("clock__code", "state"))
    assert states["lcspr_published"] == "met" and states["final_report_to_panel"] == "met"
    assert states[KEPT_ONLINE] == "open"
    assert lcspr.report_recommendations.count() == 2
    reviewer = User.objects.get(email="reviewer@example.org")
    assert reviewer.has_perm("reviews.view_lcspr", lcspr)


def test_the_demo_shows_what_issue_12_added(capsys):
    """Each new element is on a sample case: an overdue notification with its reason for
    delay, another area's partners told, a nil return, practitioners, parallel processes, a
    declined sign-off and the re-signed decision, the family told, the rapid review report
    not published with the reason, and the pack kept as circulated."""
    from deadlines.models import DelayReason
    from reviews.models import Lcspr, SignOff

    call_command("load_demo")
    call_command("load_demo_cases", history=False)
    assert DelayReason.objects.filter(clock__code="notify_national_panel").count() == 1
    review = Lcspr.objects.get(status=Lcspr.Status.IN_PROGRESS).case.rapid_review
    assert review.returns.get(agency__name="Northmoor Family Support Network").is_nil_return
    assert review.returns.get(agency__name="St Aidan's Primary School").practitioners.count() == 1
    assert review.parallel_processes.get().lead == "DI Sam Cole, Northmoor Police"
    assert SignOff.objects.filter(review=review, declined=True).count() == 1
    assert review.family_told_on and review.published == "no"
    assert review.case.documents.filter(kind="panel_pack").exists()
    # A looked-after child's death: Ofsted, DfE and child death review told, not the Panel.
    from cases.models import Case

    grace = Case.objects.get(referral__children__full_name="Grace Holt")
    assert sorted(grace.notifications.values_list("recipient", flat=True)) == [
        "child_death_review", "dfe", "ofsted"]
    assert grace.decisions.filter(transition="complete_death_notifications").exists()


def test_the_agencies_name_who_overdue_actions_go_to_and_the_group_has_a_chair(capsys):
    """004 section 16.2: each agency that owns a demo action names its head of service and
    chief officer; the Learning and Development group has its chair and a member. Loading
    the partnership again changes none of it."""
    from safeguarding.models import LearningGroup

    load_demo(capsys)
    load_demo(capsys)
    named = {agency.name: (agency.head_of_service.email, agency.chief_officer.email)
             for agency in Agency.objects.filter(head_of_service__isnull=False)}
    assert named["Northmoor Council Children's Services"] == ("manager@example.org",
                                                              "partner@example.org")
    assert named["Northmoor Police"] == ("police.head@example.org",
                                         "police.partner@example.org")
    assert {"Northmoor Teaching Hospitals NHS Foundation Trust", "St Aidan's Primary School",
            "Northmoor Family Support Network"} < set(named)
    assert Agency.history.filter(head_of_service__isnull=False).count() == len(named)
    group = LearningGroup.objects.get()
    assert group.is_active and group.chair.email == "chair@example.org"
    assert [member.email for member in group.members.all()] == ["panel@example.org"]


def test_the_demo_has_action_plans_with_an_action_in_every_state(capsys):
    """Issue 14: the rapid review's immediate safety actions and the published LCSPR's plan,
    with actions in every state, an extension waiting and one agreed (its original due date
    kept), and two actions over 3 months overdue escalated by the sweep to the council's head
    of service (a notice, the decision log, the escalation), one answered."""
    from deadlines.models import Notice
    from reviews.action_plans.models import Action, ActionEscalation, ActionPlan

    load_demo(capsys)
    call_command("load_demo_cases", history=False)
    review_plan = ActionPlan.objects.get(source=ActionPlan.Source.RAPID_REVIEW)
    assert review_plan.rapid_review.case.referral.children.get().full_name == "Freddie Walsh"
    assert sorted(review_plan.actions.values_list("status", flat=True)) == [
        "agreed", "agreed", "evidence_accepted", "in_progress"]
    plan = ActionPlan.objects.get(source=ActionPlan.Source.LCSPR)
    assert plan.lcspr.status == "published" and plan.created_on < plan.lcspr.published_on
    assert {a.status for a in plan.actions.all()} == set(Action.Status.values)
    assert plan.actions.filter(report_recommendation__isnull=True).count() == 0
    in_progress = plan.actions.get(status="in_progress", owner_agency__name__startswith="St")
    assert in_progress.updates.get(text__startswith="Half").written_by.email == (
        "school@example.org")
    assert plan.actions.get(status="completed").updates.filter(is_evidence=True).exists()
    assert plan.actions.get(status="not_implemented").not_implemented_reason
    waiting = plan.actions.get(extensions__outcome="")
    extended = plan.actions.get(extensions__outcome="agreed")
    assert extended.original_due_on < extended.due_on and waiting.status == "in_progress"
    head = User.objects.get(email="manager@example.org")
    escalations = ActionEscalation.objects.select_related("action")
    assert [(e.stage, e.to, e.action.plan_id, bool(e.response)) for e in escalations] == [
        ("head_of_service", head, plan.pk, False), ("head_of_service", head, plan.pk, True)]
    for escalation in escalations:
        assert (escalation.action.due_on - escalation.escalated_on).days < -89
        assert Notice.objects.filter(user=head, deadline__record_id=escalation.action_id,
                                     deadline__clock__code="action_escalation_head_of_service"
                                     ).exists()
        assert escalation.action.plan.case.decisions.filter(
            object_id=escalation.action_id, transition="escalate_to_head_of_service").exists()


def test_the_demo_has_the_partnerships_past(capsys):
    """Issue 15: the demo spans at least 18 months, each case lived through the services on
    its own days (its decision log dated then), with enough cases, reviews and actions that
    every oversight figure shows something: statutory clocks met on time, met late (with the
    reason) and overdue; LCSPRs published on time and late (criminal proceedings) and one
    overdue (an inquest); actions accepted, escalated to the head of service and the chief
    officer, extended and not implemented; learning shared; learning themes that recur.
    Loaded once, like the rest of the demo."""
    from collections import Counter

    from django.utils import timezone

    from cases.models import Case
    from deadlines import calendar
    from deadlines.models import Deadline, DelayReason
    from oversight.models import ThemeTag
    from reviews.action_plans.models import ActionEscalation, ExtensionRequest
    from reviews.learning.models import LearningShared
    from reviews.models import Lcspr, RapidReview
    from safeguarding.models import Decision

    load_demo(capsys)
    call_command("load_demo_cases")
    call_command("load_demo_cases")
    today = timezone.localdate()
    received = list(Case.objects.values_list("received_on", flat=True))
    assert len(received) >= 40 and min(received) <= calendar.add_months(today, -18)
    assert len({(day.year, day.month) for day in received}) >= 18
    first = Case.objects.order_by("received_on").first()
    opened = Decision.objects.get(case_id=first.pk, transition="receive_referral")
    assert timezone.localtime(opened.at).date() == first.received_on  # not today

    statutory = Counter(Deadline.objects.filter(clock__statutory=True).values_list(
        "clock__code", "state"))
    for clock in ("notify_national_panel", "rapid_review_to_panel", "lcspr_published"):
        assert statutory[clock, "met"] and statutory[clock, "met_late"], clock
    assert statutory["lcspr_published", "overdue"]
    late = Deadline.objects.filter(clock__code="notify_national_panel", state="met_late")
    reasons = DelayReason.objects.filter(clock__code="notify_national_panel")
    assert set(late.values_list("case_id", flat=True)) <= set(
        reasons.values_list("case_id", flat=True))

    lcsprs = {lcspr.delay_kind: lcspr for lcspr in Lcspr.objects.exclude(delay_kind="")}
    assert lcsprs["criminal_proceedings"].status == Lcspr.Status.PUBLISHED
    assert lcsprs["inquest"].status == Lcspr.Status.DRAFT_REPORT
    assert Lcspr.objects.filter(status=Lcspr.Status.PUBLISHED).count() >= 3
    decisions = Counter(RapidReview.objects.values_list("partners_decision", flat=True))
    assert all(decisions[option] >= 3 for option in ("lcspr", "multi_agency_learning",
                                                     "single_agency_learning", "no_review"))
    assert Counter(Case.objects.values_list("screening_decision", flat=True))["learning"] >= 4

    actions = Deadline.objects.filter(clock__code="action_due")
    assert actions.filter(state="met").exists() and actions.filter(state="met_late").exists()
    assert {"head_of_service", "chief_officer"} <= set(
        ActionEscalation.objects.values_list("stage", flat=True))
    assert ActionEscalation.objects.exclude(response="").exclude(
        action__plan__lcspr__case__referral__children__full_name="Mia Carter").exists()
    assert ExtensionRequest.objects.filter(outcome="agreed").count() >= 2
    assert ExtensionRequest.objects.filter(outcome="refused").exists()
    shared = LearningShared.objects.exclude(shared_on=None)
    assert len({(day.year, day.month) for day in shared.values_list("shared_on", flat=True)}) > 6

    themes = Counter(ThemeTag.objects.filter(rapid_review=None, lcspr=None, recommendation=None)
                     .values_list("theme__name", flat=True))
    assert themes["Domestic abuse"] >= 4 and themes["Neglect"] >= 4
    assert 1 in themes.values()
