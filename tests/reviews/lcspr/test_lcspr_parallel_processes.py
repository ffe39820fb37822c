"""Parallel processes of an LCSPR (issue 13 item 6): seed 004 section 11 (11.1 the kinds
and contact with each chair; 11.3-11.4 how the reviews are coordinated: jointly, one body
leading, the same or different reports; 11.5 the effect of a coroner's enquiry or a
criminal investigation on timescales and disclosure). The rapid review's carry over when
the LCSPR opens (001: the rapid review establishes any parallel processes)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from reviews.lcspr import services
from reviews.models import (
    GovernanceMember,
    LcsprParallelProcess,
    ParallelProcess,
    TermsOfReference,
)
from safeguarding.rows import RowChange
from safeguarding.versions import current_version

from . import journey
from . import terms_journey as t

pytestmark = pytest.mark.django_db
D = datetime.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lcspr(p):
    return t.commissioned(p, journey.reviewer())


def test_the_rapid_reviews_processes_are_copied_with_a_link_back(lcspr):
    """004 section 11.1; 001: each process the rapid review recorded becomes the LCSPR's
    own row, linked to the row it came from; the rapid review keeps its own as sent to the
    National Panel."""
    rows = list(lcspr.parallel_processes.select_related("carried_from"))
    assert [(row.name, row.lead, row.get_progress_display()) for row in rows] == [
        ("Coroner's inquest", "Coroner's officer, Northmoor Coroner's Court", "Under way"),
        ("Criminal investigation", "DI Sarah Pike, Northmoor Police Major Crime",
         "Under way")]
    assert [row.carried_from.review.case_id for row in rows] == [lcspr.case_id] * 2
    assert rows[0].notes == "Inquest opened and adjourned on 11 December 2023"


def test_each_process_records_its_chair_coordination_and_effects(p, lcspr):
    """004 section 11.1: the chair of the review makes contact with the chair of each
    parallel process; 11.3-11.4: how the reviews are coordinated (a Domestic Homicide
    Review jointly commissioned, with the same report to each body); 11.5: the effect of the
    inquest on timescales and disclosure. The rapid review's row stays as it was."""
    bu = p.business_unit
    inquest = lcspr.parallel_processes.get(kind="inquest")
    change = RowChange(pk=inquest.pk, version=current_version(inquest), values={
        "kind": "inquest", "other_kind": "", "lead": inquest.lead,
        "chair": "HM Senior Coroner for Northmoor", "chair_contacted_on": D(2024, 1, 4),
        "progress": "under_way", "coordination": "separate", "reports": "different",
        "coordination_notes": "The coroner is told the review is commissioned (004 13.4)",
        "timescales_effect": "The inquest is listed for June 2024: publication may wait "
                             "for it", "disclosure_effect": "The coroner may ask for the "
                                                           "report", "notes": inquest.notes})
    dhr = RowChange(values={
        "kind": "domestic_homicide_review", "other_kind": "", "lead": "Community Safety "
        "Partnership", "chair": "Independent DHR chair", "chair_contacted_on": D(2024, 1, 5),
        "progress": "considered", "coordination": "joint", "reports": "same",
        "coordination_notes": "One panel, one report to each body (004 section 11.4)",
        "timescales_effect": "", "disclosure_effect": "", "notes": ""})
    services.record_lcspr_parallel_processes(lcspr=lcspr, actor=bu, processes=[change, dhr])
    inquest.refresh_from_db()
    assert (inquest.chair_contacted_on, inquest.get_coordination_display(),
            inquest.get_reports_display()) == (
        D(2024, 1, 4), "Run separately, each with its own report",
        "Different reports to each commissioning body")
    assert ParallelProcess.objects.get(pk=inquest.carried_from_id).lead == inquest.lead
    joint = lcspr.parallel_processes.get(kind="domestic_homicide_review")
    assert (joint.carried_from, joint.get_coordination_display()) == (
        None, "Jointly commissioned and overseen")
    page = client_for(bu).get(reverse("lcspr:terms", args=[lcspr.pk])).content.decode()
    assert "HM Senior Coroner for Northmoor" in page and "contacted 4 Jan 2024" in page
    assert "The inquest is listed for June 2024" in page


def test_bad_rows_are_refused_with_a_message(p, lcspr):
    """Another kind needs its name; a chair cannot have been contacted in the future."""
    bu = p.business_unit
    base = {"kind": "other", "other_kind": "", "lead": "", "chair": "",
            "chair_contacted_on": None, "progress": "considered", "coordination": "",
            "reports": "", "coordination_notes": "", "timescales_effect": "",
            "disclosure_effect": "", "notes": ""}
    with pytest.raises(ValidationError, match="Say what the other review"):
        services.record_lcspr_parallel_processes(lcspr=lcspr, actor=bu, processes=[
            RowChange(values=base)])
    with pytest.raises(ValidationError, match="must be today or in the past|future"):
        services.record_lcspr_parallel_processes(lcspr=lcspr, actor=bu, processes=[
            RowChange(values={**base, "other_kind": "A MAPPA serious case review",
                              "chair_contacted_on": D(2099, 1, 1)})])
    assert lcspr.parallel_processes.count() == 2


def test_the_rows_page(p, lcspr):
    """The business unit changes the rows on one page with an error summary."""
    client = client_for(p.business_unit)
    url = reverse("lcspr:rows", args=[lcspr.pk, "parallel-processes"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Coroner&#x27;s officer, Northmoor Coroner&#x27;s Court" in page.content.decode()
    rows = list(lcspr.parallel_processes.all())
    data = {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "2", "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "40"}
    for n, row in enumerate(rows):
        data.update({f"rows-{n}-id": str(row.pk), f"rows-{n}-version": current_version(row),
                     f"rows-{n}-kind": row.kind, f"rows-{n}-lead": row.lead,
                     f"rows-{n}-progress": row.progress, f"rows-{n}-notes": row.notes})
    data.update({"rows-1-kind": "other"})
    posted = client.post(url, data)
    assert posted.status_code == 200 and "There is a problem" in posted.content.decode()
    data.update({"rows-1-kind": "criminal_justice", "rows-1-coordination": "other_leads",
                 "rows-1-chair": "CPS reviewing lawyer"})
    posted = client.post(url, data)
    assert posted.status_code == 302
    assert lcspr.parallel_processes.get(pk=rows[1].pk).coordination == "other_leads"


def test_an_lcspr_opened_before_carries_them_over_in_the_migration(p, lcspr):
    """LCSPRs opened before this (the demo's) get their terms of reference, the governance
    group's chair and the rapid review's parallel processes from the data step of the
    migration, as an LCSPR opened now does."""
    lcspr.parallel_processes.all().delete()
    lcspr.governance_members.all().delete()
    TermsOfReference.objects.filter(lcspr=lcspr).delete()
    migration = importlib.import_module("reviews.migrations.0006_lcspr_terms_of_reference")
    migration.carry_over(apps, None)
    migration.carry_over(apps, None)  # run twice: nothing twice
    assert lcspr.parallel_processes.count() == 2
    assert all(row.carried_from_id for row in LcsprParallelProcess.objects.filter(lcspr=lcspr))
    assert GovernanceMember.objects.get(lcspr=lcspr).user == p.chair
    assert TermsOfReference.objects.get(lcspr=lcspr).key_lines_of_enquiry.startswith("How did")


def test_both_kinds_of_parallel_process_share_one_base():
    """004 section 11.1: the same kinds, lead, progress and notes, and the same name in
    words, whether the rapid review or the LCSPR records the process: one abstract base,
    not two copies (the LCSPR's adds the chair, the coordination and the effects, 11.3-11.5)."""
    from reviews.rapid_review.models import BaseParallelProcess

    shared = {"kind", "other_kind", "lead", "progress", "notes"}
    assert BaseParallelProcess._meta.abstract
    for model in (ParallelProcess, LcsprParallelProcess):
        assert issubclass(model, BaseParallelProcess)
        assert shared <= {field.name for field in model._meta.fields}
        assert model(kind="inquest").name == "Coroner's inquest"
        assert model(kind="other", other_kind="A MAPPA serious case review").name == (
            "A MAPPA serious case review")
    assert LcsprParallelProcess.Kind is ParallelProcess.Kind
