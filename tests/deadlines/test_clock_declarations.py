"""Clocks declared beside their rules: each app's clocks.py declares its rows of the timescale
table and who is told; the rows are written after migrate, keeping an administrator's
amounts; a system check fails when a rule has no declaration or a declaration no rule."""

import dataclasses
import datetime

import pytest
from django.core import checks as django_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.core.management.sql import emit_post_migrate_signal

from cases.models import Case
from deadlines import registry
from deadlines import services as deadlines
from deadlines.checks import clocks_declared_beside_their_rules
from deadlines.models import Clock, Deadline, Notice
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory, UserFactory

D = datetime.date
DECLARED = ("name", "starts", "met_by", "unit", "direction", "statutory", "statutory_amount",
            "source", "responsible", "amount", "reminder_working_days")


def _declare_instead(monkeypatch, code: str, **changes) -> registry.ClockPolicy:
    policy = dataclasses.replace(registry.declaration(code), **changes)
    monkeypatch.setitem(registry._declarations, code, policy)
    return policy


# The rows, written after migrate.

@pytest.mark.django_db
def test_every_declared_clock_has_its_row_with_the_declared_values():
    declared = registry.declarations()
    # + the LCSPR's terms and milestones, the actions' due dates and evidence decisions, and
    # the audits of their implementation, and learning shared by its date
    assert len(declared) == Clock.objects.count() == 31
    for policy in declared:
        row = Clock.objects.get(code=policy.code)
        assert {name: getattr(row, name) for name in DECLARED} == {
            name: getattr(policy, name) for name in DECLARED}, policy.code
        assert (row.default_amount, row.default_reminder_working_days) == (
            policy.amount, policy.reminder_working_days)


@pytest.mark.django_db
def test_a_missing_row_is_made_after_migrate_and_a_changed_description_put_back():
    Clock.objects.filter(code="panel_response").delete()  # no deadline uses it here
    Clock.objects.filter(code="inform_partners").update(name="Renamed by hand")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Clock.objects.get(code="panel_response").name == (
        "National Panel's response to the rapid review")
    assert Clock.objects.get(code="inform_partners").name == "Business unit informs the partners"
    assert deadlines.write_clock_policy() == []  # nothing left to change


@pytest.mark.django_db
def test_an_administrators_amounts_survive_the_declarations_being_written_again(
        make_user, monkeypatch):
    admin = make_user(Role.ADMINISTRATOR)
    deadlines.change_clock(clock=Clock.objects.get(code="notify_national_panel"), actor=admin,
                           amount=4, reminder_working_days=1)
    deadlines.change_clock(clock=Clock.objects.get(code="partners_consider"), actor=admin,
                           amount=7, reminder_working_days=3)
    # A new release changes a local default and a description.
    _declare_instead(monkeypatch, "partners_consider", amount=6, source="A new source")
    _declare_instead(monkeypatch, "inform_partners", amount=2, reminder_working_days=1)
    assert sorted(deadlines.write_clock_policy()) == ["inform_partners", "partners_consider"]
    notify = Clock.objects.get(code="notify_national_panel")
    assert (notify.amount, notify.reminder_working_days) == (4, 1)
    considered = Clock.objects.get(code="partners_consider")
    assert (considered.amount, considered.reminder_working_days) == (7, 3)  # the admin's
    assert (considered.source, considered.default_amount) == ("A new source", 6)
    informed = Clock.objects.get(code="inform_partners")  # nobody changed it: follows the code
    assert (informed.amount, informed.reminder_working_days) == (2, 1)
    assert informed.history.first().history_change_reason == "Declared in code"


@pytest.mark.django_db
def test_a_row_made_before_defaults_were_kept_keeps_its_amount(monkeypatch):
    Clock.objects.filter(code="partners_consider").update(
        amount=8, default_amount=None, default_reminder_working_days=None)
    _declare_instead(monkeypatch, "partners_consider", amount=6)
    deadlines.write_clock_policy()
    row = Clock.objects.get(code="partners_consider")
    assert (row.amount, row.default_amount) == (8, 6)


@pytest.mark.django_db
def test_the_law_wins_over_an_amount_it_no_longer_allows(make_user, monkeypatch):
    deadlines.change_clock(clock=Clock.objects.get(code="rapid_review_to_panel"),
                           actor=make_user(Role.ADMINISTRATOR), amount=14,
                           reminder_working_days=3)
    _declare_instead(monkeypatch, "rapid_review_to_panel", amount=12, statutory_amount=12)
    deadlines.write_clock_policy()
    row = Clock.objects.get(code="rapid_review_to_panel")
    assert (row.amount, row.statutory_amount) == (12, 12)


# The check.

def _errors() -> list[str]:
    return [f"{message.id}: {message.msg}" for message in clocks_declared_beside_their_rules()]


def test_the_clocks_in_the_code_pass_the_check():
    assert _errors() == []


def test_a_rule_without_a_declaration_fails_the_check(monkeypatch):
    rule = registry.ClockRule("made_up_clock", case=lambda case: case,
                              starts_on=lambda case: None, met_on=lambda case: None)
    monkeypatch.setitem(registry._rules, "cases.case", [*registry._rules["cases.case"], rule])
    assert _errors() == ["deadlines.E001: The clock 'made_up_clock' has a rule (for cases.case) "
                         "but no declaration."]
    with pytest.raises(SystemCheckError, match="deadlines.E001"):
        call_command("check")


def test_a_declaration_without_a_rule_fails_the_check(monkeypatch):
    policy = dataclasses.replace(registry.declaration("inform_partners"), code="made_up_clock")
    monkeypatch.setitem(registry._declarations, "made_up_clock", policy)
    assert _errors() == ["deadlines.E002: The clock 'made_up_clock' is declared but no rule "
                         "runs it."]
    # Saying why it has none yet (its records are not built) is no error...
    _declare_instead(monkeypatch, "made_up_clock", awaiting_rule="Its records are not built")
    assert _errors() == []
    # ...until the rule exists.
    _declare_instead(monkeypatch, "inform_partners", awaiting_rule="Its records are not built")
    assert _errors() == ["deadlines.E003: The clock 'inform_partners' is declared as awaiting "
                         "its rule, and has one."]


def test_a_declaration_with_values_the_clock_table_does_not_know_fails_the_check(monkeypatch):
    _declare_instead(monkeypatch, "inform_partners", unit="fortnights",
                     told=(registry.Recipient("head_teacher"),))
    assert _errors() == ["deadlines.E004: The clock 'inform_partners' is declared with unit "
                         "'fortnights', told role 'head_teacher'."]


def test_a_local_target_is_beside_a_clock_of_its_own_and_is_never_statutory(monkeypatch):
    """Seed 004 §6.2: Darlington's count from the Panel's acknowledgement is a local target
    beside the statutory rapid review clock, never a statutory clock itself."""
    target = "rapid_review_to_panel_from_acknowledgement"
    assert registry.declaration(target).beside == "rapid_review_to_panel"
    assert _errors() == []
    _declare_instead(monkeypatch, target, beside="made_up_clock", statutory=True)
    assert _errors() == [f"deadlines.E004: The clock {target!r} is declared with beside "
                         "'made_up_clock', not a declared clock of its own, beside another "
                         "clock while statutory (a local target is local)."]
    _declare_instead(monkeypatch, target, beside="rapid_review_meeting_from_acknowledgement",
                     statutory=False)
    assert _errors() == [f"deadlines.E004: The clock {target!r} is declared with beside "
                         "'rapid_review_meeting_from_acknowledgement', not a declared clock of "
                         "its own."]


def test_the_check_is_registered_and_reads_no_database():
    assert clocks_declared_beside_their_rules in django_checks.registry.registry.get_checks()


# Who is told, from the declaration.

def _overdue(code: str, agency=None) -> Deadline:
    case = Case.objects.create(reference=f"SI-2026-{Case.objects.count() + 7000}",
                               received_on=D(2026, 12, 1))
    return Deadline.objects.create(clock=Clock.objects.get(code=code), case=case,
                                   record_type="cases.case", record_id=case.pk,
                                   starts_on=D(2026, 12, 1), due_on=D(2026, 12, 2),
                                   owner_agency=agency, state=Deadline.State.OVERDUE)


def _told(deadline: Deadline) -> set[int]:
    return set(Notice.objects.filter(deadline=deadline).values_list("user_id", flat=True))


@pytest.mark.django_db
def test_the_chief_officer_escalation_tells_the_owning_agencys_chief_officer_as_declared():
    """004 §16.2: the chief officer of the agency concerned, named by the administrator;
    not another agency's, not every manager."""
    police, health = (AgencyFactory(kind=Agency.Kind.POLICE),
                      AgencyFactory(kind=Agency.Kind.INTEGRATED_CARE_BOARD))
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    UserFactory(role=Role.MANAGER)  # not told
    chief = UserFactory(role=Role.MANAGER, agency=police)
    police.chief_officer = chief
    police.save()
    health.chief_officer = UserFactory(role=Role.MANAGER, agency=health)
    health.save()
    UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=police)  # not told of escalations
    assert registry.declaration("action_escalation_chief_officer").told == (
        registry.BUSINESS_UNIT, registry.LEARNING_GROUP_CHAIR,
        registry.OWNING_AGENCY_CHIEF_OFFICER)
    escalation = _overdue("action_escalation_chief_officer", agency=police)
    deadlines.sweep_deadlines(today=D(2026, 12, 23))
    assert _told(escalation) == {business_unit.pk, chief.pk}


@pytest.mark.django_db
def test_who_is_told_is_read_from_the_declaration(monkeypatch):
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    manager = UserFactory(role=Role.MANAGER)
    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    contributor = UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school)
    _declare_instead(monkeypatch, "inform_partners",
                     told=(registry.MANAGERS, registry.OWNING_AGENCY_CONTRIBUTORS))
    deadline = _overdue("inform_partners", agency=school)
    deadlines.sweep_deadlines(today=D(2026, 12, 23))
    assert _told(deadline) == {manager.pk, contributor.pk}
    assert business_unit.pk not in _told(deadline)


@pytest.mark.django_db
def test_a_row_no_clock_declares_any_more_is_kept_and_tells_the_business_unit(monkeypatch):
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    UserFactory(role=Role.SAFEGUARDING_PARTNER)
    monkeypatch.delitem(registry._declarations, "partners_consider")
    deadlines.write_clock_policy()
    assert Clock.objects.filter(code="partners_consider").exists()
    deadline = _overdue("partners_consider")
    deadlines.sweep_deadlines(today=D(2026, 12, 23))
    assert _told(deadline) == {business_unit.pk}
