"""The rapid review's copies of what the LCSPR keeps are gone (issue 13: "lcspr_told_on and a
free-text lcspr_reviewer sit on the rapid review"): the LCSPR records who was told of the
decision and of the reviewer (002 section 8), and its reviewer commissioned (004 section
8.1). Nothing is lost: migration 0011 copies the values recorded into the LCSPR's decision
note, or, where the case has no LCSPR, into the rapid review's own note, with a version in
their history saying so, before the fields are dropped."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.models import RapidReview

D = datetime.date
BEFORE = ("reviews", "0010_lcspr_information_requests")
AFTER = ("reviews", "0011_lcspr_loose_ends")


def _recorded_before(apps) -> dict[str, int]:
    """Three rapid reviews as 0010 kept them: one told of the LCSPR with its reviewer and an
    LCSPR opened; one told, with no LCSPR (opened before LCSPRs were kept here); one not
    told."""
    Agency = apps.get_model("safeguarding", "Agency")
    User = apps.get_model("safeguarding", "User")
    Case = apps.get_model("cases", "Case")
    Review = apps.get_model("reviews", "RapidReview")
    Lcspr = apps.get_model("reviews", "Lcspr")
    council = Agency.objects.create(name="Northmoor Council", kind="local_authority")
    unit = User.objects.create(email="unit@example.org", full_name="Priya Shah",
                               agency=council, role="business_unit")
    made = {}
    for number, (told_on, reviewer, with_lcspr) in enumerate((
            (D(2026, 11, 5), "Margaret Osei", True), (D(2026, 11, 6), "", False),
            (None, "", False)), start=1):
        case = Case.objects.create(reference=f"SI-2026-00{number:02d}",
                                   received_on=D(2026, 10, 12))
        review = Review.objects.create(case=case, decided_on=D(2026, 10, 14), decided_by=unit,
                                       decision_note="Decided by the Chair",
                                       lcspr_told_on=told_on, lcspr_reviewer=reviewer)
        made[case.reference] = review.pk
        if with_lcspr:
            made["lcspr"] = Lcspr.objects.create(case=case, decided_on=D(2026, 10, 23),
                                                 decision_note="Signed off by the partners").pk
    return made


@pytest.mark.django_db(transaction=True)
def test_what_the_rapid_review_recorded_is_kept_in_a_note():
    """002 section 8 (the Panel, Ofsted and DfE told of the LCSPR, with the reviewer's
    name): the date and the name recorded on the rapid review survive it, in the LCSPR's
    decision note, or the rapid review's note when the case has no LCSPR; a review with
    neither is untouched; the fields are gone."""
    executor = MigrationExecutor(connection)
    # Oversight's migrations follow the reviews' latest: it goes back with them.
    others = [leaf for leaf in executor.loader.graph.leaf_nodes()
              if leaf[0] not in ("reviews", "oversight")]
    try:
        executor.migrate([BEFORE])
        made = _recorded_before(executor.loader.project_state([BEFORE, *others]).apps)
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        new = executor.loader.project_state([AFTER, *others]).apps
        lcspr = new.get_model("reviews", "Lcspr").objects.get(pk=made["lcspr"])
        assert lcspr.decision_note == (
            "Signed off by the partners\n\nRecorded in the rapid review: the National Panel, "
            "Ofsted and DfE told of the LCSPR on 5 November 2026; the reviewer "
            "commissioned: Margaret Osei.")
        reviews = new.get_model("reviews", "RapidReview").objects
        assert reviews.get(pk=made["SI-2026-0002"]).decision_note == (
            "Decided by the Chair\n\nRecorded in the rapid review: the National Panel, "
            "Ofsted and DfE told of the LCSPR on 6 November 2026.")
        assert reviews.get(pk=made["SI-2026-0001"]).decision_note == "Decided by the Chair"
        assert reviews.get(pk=made["SI-2026-0003"]).decision_note == "Decided by the Chair"
        kept = new.get_model("reviews", "HistoricalLcspr").objects.get(id=made["lcspr"])
        assert (kept.history_type, kept.history_change_reason) == (
            "~", "Moved from the rapid review's LCSPR fields")
        assert kept.decision_note == lcspr.decision_note
        names = {field.name for field in
                 new.get_model("reviews", "RapidReview")._meta.get_fields()}
        assert not {"lcspr_told_on", "lcspr_reviewer"} & names
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_rapid_review_offers_no_step_to_record_it():
    """The rapid review's page offers no "told of the LCSPR" step, and its model keeps no
    copy: the LCSPR's steps record both (reviews/lcspr)."""
    from reviews.rapid_review.workflow import RAPID_REVIEW

    names = {field.name for field in RapidReview._meta.get_fields()}
    assert not {"lcspr_told_on", "lcspr_reviewer"} & names
    assert "record_lcspr_told" not in RAPID_REVIEW.transitions
