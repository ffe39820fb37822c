"""People and plans for the action plans' tests: a Learning and Development group with its
chair, two agencies each naming a head of service and a chief officer, their contributors, a
manager who is neither, and a plan of a case's learning review."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from reviews.action_plans import services
from reviews.action_plans.models import ActionPlan
from safeguarding.models import Agency, LearningGroup, Role, User
from tests.factories import AgencyFactory, UserFactory, submitted_case

D = datetime.date


@dataclass
class People:
    business_unit: User
    chair: User
    member: User
    manager: User
    police: Agency
    school: Agency
    police_contributor: User
    school_contributor: User
    police_head: User
    police_chief: User
    school_head: User
    school_chief: User


@pytest.fixture
def p(db) -> People:
    police = AgencyFactory(name="Northmoor Police", kind=Agency.Kind.POLICE)
    school = AgencyFactory(name="St Aidan's Primary School", kind=Agency.Kind.EDUCATION)
    named = {}
    for agency, key in ((police, "police"), (school, "school")):
        named[f"{key}_head"] = UserFactory(role=Role.MANAGER, agency=agency,
                                           full_name=f"Head of service, {agency.name}")
        named[f"{key}_chief"] = UserFactory(role=Role.MANAGER, agency=agency,
                                            full_name=f"Chief officer, {agency.name}")
        agency.head_of_service, agency.chief_officer = (named[f"{key}_head"],
                                                        named[f"{key}_chief"])
        agency.save()
    chair = UserFactory(role=Role.MANAGER, full_name="L&D chair")
    member = UserFactory(role=Role.AGENCY_CONTRIBUTOR, full_name="L&D member")
    group = LearningGroup.objects.create(chair=chair)
    group.members.add(member)
    return People(business_unit=UserFactory(role=Role.BUSINESS_UNIT), chair=chair,
                  member=member, manager=UserFactory(role=Role.MANAGER),
                  police=police, school=school,
                  police_contributor=UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=police),
                  school_contributor=UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school),
                  **named)


@pytest.fixture
def on(monkeypatch):
    """Set the day the service thinks it is (timezone.localdate with no argument)."""
    original = timezone.localdate

    def set_day(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate",
                            lambda *args, **kwargs: original(*args, **kwargs) if args or kwargs
                            else day)
    return set_day


@pytest.fixture
def plan(p, on) -> ActionPlan:
    """A multi-agency learning review's plan of a case, started on 1 June 2026."""
    on(D(2026, 6, 1))
    return services.start_plan(actor=p.business_unit,
                               source=ActionPlan.Source.MULTI_AGENCY_LEARNING,
                               title="Multi-agency learning review", scope="multi_agency",
                               case=submitted_case(received_on=D(2026, 5, 1)))
