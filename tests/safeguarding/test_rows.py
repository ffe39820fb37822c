"""Repeatable rows as plain data: a formset read as RowChanges, and the services applying
them with no lost updates, in the actor's name, and only to the fields the page changes."""

import pytest

from reviews.models import PanelAttendance, RapidReview
from reviews.rapid_review import services
from reviews.rapid_review.forms import AttendanceFormSet
from safeguarding.history import changed_by, history_of
from safeguarding.models import Decision, Role
from safeguarding.rows import RowChange, changes_from
from safeguarding.versions import StaleEdit, current_version
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_formset_is_read_as_the_rows_added_changed_and_removed(met):
    kept, changed, removed = list(met.attendance.order_by("pk"))[:3]
    posted = {"attendance-TOTAL_FORMS": "4", "attendance-INITIAL_FORMS": "3",
              "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "60"}
    for number, row in enumerate((kept, changed, removed)):
        posted |= {f"attendance-{number}-{name}": value for name, value in {
            "id": row.pk, "review": met.pk, "agency": row.agency_id, "name": row.name,
            "job_title": row.job_title, "panel_role": row.panel_role,
            "version": current_version(row)}.items()}
    posted["attendance-1-name"] = "A new spelling"
    posted["attendance-2-DELETE"] = "on"
    posted |= {"attendance-3-name": "Someone new", "attendance-3-agency": kept.agency_id,
               "attendance-3-panel_role": PanelAttendance.PanelRole.MEMBER}
    rows = AttendanceFormSet(posted, instance=met, prefix="attendance")
    assert rows.is_valid(), rows.errors

    change, new, removal = changes_from(rows)

    assert (change.pk, change.version, change.delete) == (
        changed.pk, current_version(changed), False)
    assert change.values["name"] == "A new spelling" and "review" not in change.values
    assert new.pk is None and new.values["name"] == "Someone new"
    assert new.values["agency"] == kept.agency and new.values["direct_involvement"] is False
    assert (removal.pk, removal.version, removal.delete) == (
        removed.pk, current_version(removed), True)


def test_rows_are_saved_in_the_actors_name(met, business_unit):
    first, second = list(met.attendance.order_by("pk"))[:2]
    services.record_attendance(review=met, actor=business_unit, attendance=[
        RowChange(first.pk, current_version(first), {"name": "A new spelling"}),
        RowChange(values={"name": "Someone new", "agency": first.agency,
                          "panel_role": PanelAttendance.PanelRole.MEMBER}),
        RowChange(second.pk, current_version(second), delete=True),
    ])
    first.refresh_from_db()
    added = met.attendance.get(name="Someone new")
    assert first.name == "A new spelling"
    assert not PanelAttendance.objects.filter(pk=second.pk).exists()
    assert history_of(first).latest("history_id").history_user == business_unit
    assert history_of(added).latest("history_id").history_user == business_unit
    removal = PanelAttendance.history.filter(id=second.pk).latest("history_id")
    assert (removal.history_type, removal.history_user) == ("-", business_unit)


def test_a_row_someone_else_changed_is_refused_and_nothing_is_saved(met, business_unit):
    first, second = list(met.attendance.order_by("pk"))[:2]
    loaded = {row.pk: current_version(row) for row in (first, second)}
    first.name = "Their spelling"
    changed_by(first, business_unit).save()
    decisions = Decision.objects.count()
    with pytest.raises(StaleEdit, match="changed this page .*Nothing has been saved"):
        services.record_attendance(review=met, actor=business_unit, attendance=[
            RowChange(second.pk, loaded[second.pk], {"name": "Saved first, then undone"}),
            RowChange(first.pk, loaded[first.pk], {"name": "My spelling"}),
        ])
    assert PanelAttendance.objects.get(pk=first.pk).name == "Their spelling"
    assert PanelAttendance.objects.get(pk=second.pk).name == second.name
    assert Decision.objects.count() == decisions


def test_only_the_fields_of_its_pages_are_changed_in_a_return(school_return, school):
    teacher = UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school)
    with pytest.raises(ValueError, match="status"):
        services.save_information_return(information_return=school_return, actor=teacher,
                                         answers={"status": "submitted"}, version=None)
    with pytest.raises(ValueError, match="review"):
        services.save_information_return(information_return=school_return, actor=teacher,
                                         answers={}, version=None,
                                         rows={"review": []})
    with pytest.raises(ValueError, match="information_return"):
        services.save_information_return(
            information_return=school_return, actor=teacher, answers={}, version=None,
            rows={"chronology": [RowChange(values={"information_return": school_return})]})


def test_only_the_fields_of_the_outcome_page_are_changed_in_the_outcome(met, chair):
    with pytest.raises(ValueError, match="status"):
        services.record_recommendation(review=met, actor=chair, version=None, actions=[],
                                       outcome={"status": RapidReview.Status.SIGNED_OFF})
