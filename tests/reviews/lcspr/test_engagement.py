"""Practitioners and family of an LCSPR (issue 13 item 5; seed 004 sections 8.5 and 12.1,
seed 002 sections 7 and 9) and who sees them (item 12: "family and practitioner records as
the partners allow"). The review was decided on 23 October 2026 and its reviewer
commissioned on 2 November 2026."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import CaseAccess
from reviews.lcspr.engagement import services
from reviews.lcspr.reports.models import RedactionHit
from reviews.models import EngagementContact, Lcspr, LcsprFamilyMember, LcsprPractitioner
from safeguarding.dates import today
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed
from tests.visible_text import offending, read

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
MOTHER = "Kayleigh Brennan"
FAMILY = {"name": MOTHER, "relationship": "mother", "engaged_by": "reviewer",
          "first_approached_on": D(2026, 11, 9), "taking_part": "agreed",
          "consent": "given", "consent_on": D(2026, 11, 9),
          "expectations_explained_on": D(2026, 11, 9),
          "expectations_told": "The review looks for learning, not blame; the report is "
                               "published without your names; you may read it first.",
          "wants_report": "yes"}
PRACTITIONER = {"name": "Sam Carter", "role": "Health visitor",
                "organisation": "Mill Lane Surgery", "engagement": "learning_event",
                "engaged_on": D(2026, 11, 20), "support_offered": "A debrief with their "
                "safeguarding lead", "support_by": "The named nurse"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def text_of(page) -> str:
    return " ".join(read(page.content.decode()).text.split())


def fresh(lcspr: Lcspr) -> Lcspr:
    return journey.refreshed(lcspr)


def family_member(p, lcspr, **changes) -> LcsprFamilyMember:
    return services.record_family_member(lcspr=fresh(lcspr), actor=p.business_unit,
                                         **{**FAMILY, **changes})


def practitioner(p, lcspr, **changes) -> LcsprPractitioner:
    return services.record_practitioner(lcspr=fresh(lcspr), actor=p.business_unit,
                                        **{**PRACTITIONER, **changes})


def allow(p, lcspr, allowed: bool = True) -> Lcspr:
    services.decide_reviewer_engagement_access(lcspr=fresh(lcspr), actor=p.business_unit,
                                               allowed=allowed, decided_on=D(2026, 11, 3))
    return fresh(lcspr)


def logged(name: str) -> list[Decision]:
    return list(Decision.objects.filter(transition=name).order_by("pk"))


def nothing_names_the_family() -> None:
    """No decision log line names a family member or practitioner."""
    for decision in Decision.objects.all():
        for name in (MOTHER, "Kayleigh", "Sam Carter"):
            assert name not in f"{decision.what} {decision.reason}"


def engagement_urls(lcspr, *rows) -> list[str]:
    return [reverse("lcspr:engagement", args=[lcspr.pk]),
            reverse("lcspr:engagement-access", args=[lcspr.pk]),
            *(reverse("lcspr:engagement-add", args=[lcspr.pk, kind])
              for kind in ("practitioner", "family-member", "contact")),
            *(reverse("lcspr:engagement-change", args=[lcspr.pk, kind, row.pk])
              for kind, row in rows)]


# Through the services.

def test_a_practitioner_and_how_they_take_part(p, in_progress):
    """004 section 8.5: practitioners are fully involved and invited to contribute their
    perspective; how they take part (002 section 9: a learning event), the support offered
    and by whom, and when they were told of the outcome. The decision log names the agency
    or nothing, never the practitioner."""
    row = practitioner(p, in_progress)
    assert (row.display_name, row.agency_name, row.engagement) == (
        "Sam Carter", "Mill Lane Surgery", "learning_event")
    row = practitioner(p, in_progress, practitioner=row, told_of_outcome_on=D(2026, 11, 30))
    assert LcsprPractitioner.objects.get().told_of_outcome_on == D(2026, 11, 30)
    assert [d.reason for d in logged("record_practitioner")] == [
        "Practitioner added: a practitioners' learning event; support offered",
        "Practitioner changed: a practitioners' learning event; support offered; told of the "
        "outcome on 30 November 2026"]
    colleague = practitioner(p, in_progress, name="", user=p.teacher, organisation="",
                             engagement="interview", support_offered="", support_by="")
    assert colleague.agency_name == p.teacher.agency.name
    assert logged("record_practitioner")[-1].reason == (
        f"Practitioner added ({p.teacher.agency.name}): an interview with the reviewer")
    nothing_names_the_family()


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": " ", "organisation": ""}, "enter their name"),
    ({"organisation": ""}, "Choose their agency, or enter their organisation"),
    ({"engagement": "other"}, "Say how they take part"),
    ({"support_by": ""}, "Say who offered the support"),
    ({"told_of_outcome_on": datetime.date.today() + datetime.timedelta(days=2)},
     "must be today or in the past"),
    ({"engaged_on": D(2026, 10, 1)}, "cannot be before the partners decided"),
])
def test_a_practitioner_with_bad_input_changes_nothing(p, in_progress, changes, message):
    """Bad input gets a clear message and changes nothing (004 section 8.5's record)."""
    with pytest.raises(ValidationError, match=message):
        practitioner(p, in_progress, **changes)
    assert not LcsprPractitioner.objects.exists()
    assert not logged("record_practitioner")


def test_a_family_member_invited_and_what_they_were_told(p, in_progress):
    """004 sections 8.5 and 12.1: family members, including surviving children, invited to
    contribute; who engages them and when first approached; consent to information sharing;
    how they will be involved and what to expect explained; whether they want to see the
    report before publication. The log says the relationship, never the name."""
    mother = family_member(p, in_progress)
    assert (mother.name, mother.consent, mother.consent_on) == (
        MOTHER, "given", D(2026, 11, 9))
    assert logged("record_family_member")[0].reason == (
        "Family member added (mother): engaged by the reviewer; consent given; expectations "
        "explained on 9 November 2026")
    brother = family_member(p, in_progress, name="Tyler Brennan", relationship="sibling",
                            engaged_by="named", engaged_by_name="Jo Patel, school nurse",
                            taking_part="not_known", first_approached_on=None,
                            consent="not_asked", consent_on=D(2026, 11, 9),
                            expectations_explained_on=None, expectations_told="",
                            wants_report="not_asked")
    # A date given with an answer that has none is not kept.
    assert (brother.consent_on, brother.engaged_by_words) == (None, "Jo Patel, school nurse")
    family_member(p, in_progress, family_member=mother, saw_report_on=D(2026, 11, 30))
    assert LcsprFamilyMember.objects.get(pk=mother.pk).saw_report_on == D(2026, 11, 30)
    assert len(logged("record_family_member")) == 3
    nothing_names_the_family()


@pytest.mark.parametrize(("changes", "message"), [
    ({"consent": "not_sought"}, "Say why consent to information sharing was not sought"),
    ({"expectations_told": ""}, "Enter what they were told about the review"),
    ({"expectations_explained_on": None}, "Enter when their involvement and what to expect"),
    ({"relationship": "other"}, "Say how they are related to the child"),
    ({"engaged_by": "named"}, "Enter the name and role of the person who engages them"),
    ({"first_approached_on": None}, "Enter when they were first approached"),
    ({"name": ""}, "Enter their name"),
    ({"consent": "maybe"}, "Say whether consent to information sharing was given"),
    ({"saw_report_on": datetime.date.today() + datetime.timedelta(days=1)},
     "must be today or in the past"),
])
def test_a_family_member_with_bad_input_changes_nothing(p, in_progress, changes, message):
    """004 section 12.1: "Where it is deemed not appropriate to seek consent, the rationale
    for the decisions should be clearly recorded"; 004 section 8.5: they understand how they
    will be involved. Bad input gets a clear message and changes nothing."""
    with pytest.raises(ValidationError, match=message):
        family_member(p, in_progress, **changes)
    assert not LcsprFamilyMember.objects.exists()
    assert not logged("record_family_member")


def test_consent_not_sought_is_kept_with_why(p, in_progress):
    """004 section 12.1: consent not sought, with the rationale recorded."""
    member = family_member(p, in_progress, relationship="father", consent="not_sought",
                           consent_not_sought_reason="He is the subject of the criminal "
                                                     "investigation: police advice")
    assert member.consent_not_sought_reason.startswith("He is the subject")
    assert "consent not sought" in logged("record_family_member")[0].reason


def test_each_contact_is_recorded(p, in_progress):
    """A record of each contact with a family member or practitioner: when, how, by whom,
    what passed. None before anyone is recorded; not in the future; with one person of
    this review."""
    bu = p.business_unit
    contact = {"contacted_on": D(2026, 11, 12), "how": "visit",
               "made_by": "Margaret Osei, reviewer", "notes": "Explained the review."}
    with pytest.raises(TransitionNotAllowed, match="Record a practitioner or a family member"):
        services.record_engagement_contact(lcspr=fresh(in_progress), actor=bu, **contact)
    mother = family_member(p, in_progress)
    health_visitor = practitioner(p, in_progress)
    services.record_engagement_contact(lcspr=fresh(in_progress), actor=bu,
                                       family_member=mother, **contact)
    services.record_engagement_contact(lcspr=fresh(in_progress), actor=bu,
                                       practitioner=health_visitor,
                                       **{**contact, "how": "phone"})
    assert [(c.how, c.person) for c in EngagementContact.objects.all()] == [
        ("visit", mother), ("phone", health_visitor)]
    assert [d.reason for d in logged("record_engagement_contact")] == [
        "A visit with a family member (mother) on 12 November 2026",
        "A telephone call with a practitioner on 12 November 2026"]
    nothing_names_the_family()


@pytest.mark.parametrize(("changes", "message"), [
    ({"contacted_on": datetime.date.today() + datetime.timedelta(days=1)},
     "The date of the contact must be today or in the past"),
    ({"contacted_on": D(2026, 10, 20)}, "cannot be before the partners decided"),
    ({"family_member": None}, "Choose who the contact was with"),
    ({"notes": " "}, "Enter the notes of the contact"),
    ({"how": "pigeon"}, "Choose how the contact was made"),
])
def test_a_contact_with_bad_input_changes_nothing(p, in_progress, changes, message):
    """Bad input gets a clear message and changes nothing."""
    mother = family_member(p, in_progress)
    with pytest.raises(ValidationError, match=message):
        services.record_engagement_contact(
            lcspr=fresh(in_progress), actor=p.business_unit, **{
                "family_member": mother, "contacted_on": D(2026, 11, 12), "how": "visit",
                "made_by": "The reviewer", "notes": "Met at home.", **changes})
    assert not EngagementContact.objects.exists()
    assert not logged("record_engagement_contact")


def test_a_contact_with_another_reviews_family_is_refused(p, in_progress):
    """A contact is with someone recorded on this review."""
    other = journey.concluded(p)
    stranger = family_member(p, other)
    family_member(p, in_progress)
    with pytest.raises(ValidationError, match="Choose someone recorded on this review"):
        services.record_engagement_contact(
            lcspr=fresh(in_progress), actor=p.business_unit, family_member=stranger,
            contacted_on=D(2026, 11, 12), how="visit", made_by="The reviewer", notes="Met")
    assert not EngagementContact.objects.exists()


def test_the_partners_decide_whether_the_reviewer_sees_them(p, in_progress, reviewer):
    """Issue 13 item 12: the reviewer sees the family and practitioner records as the
    partners allow; the business unit records the partners' decision, in the decision log.
    Allowed, the reviewer records their contacts (004 section 12.1: whoever is best placed
    engages the family, usually the reviewer); they never record the people themselves."""
    mother = family_member(p, in_progress)
    contact = {"family_member": mother, "contacted_on": D(2026, 11, 12), "how": "visit",
               "made_by": "Margaret Osei", "notes": "Met at home."}
    with pytest.raises(PermissionDenied):
        services.record_engagement_contact(lcspr=fresh(in_progress), actor=reviewer, **contact)
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.decide_reviewer_engagement_access(
            lcspr=fresh(in_progress), actor=p.business_unit, allowed=True,
            decided_on=today() + datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.decide_reviewer_engagement_access(
            lcspr=fresh(in_progress), actor=p.partner, allowed=True, decided_on=D(2026, 11, 3))
    assert not fresh(in_progress).reviewer_sees_engagement
    lcspr = allow(p, in_progress)
    assert lcspr.reviewer_sees_engagement
    assert logged("decide_reviewer_engagement_access")[0].reason == (
        "The reviewer may see the practitioner and family records: the partners decided on "
        "3 November 2026")
    services.record_engagement_contact(lcspr=lcspr, actor=reviewer, **contact)
    assert EngagementContact.objects.get().recorded_by == reviewer
    with pytest.raises(PermissionDenied):
        services.record_practitioner(lcspr=fresh(lcspr), actor=reviewer, **PRACTITIONER)
    lcspr = allow(p, lcspr, allowed=False)
    with pytest.raises(PermissionDenied):
        services.record_engagement_contact(lcspr=lcspr, actor=reviewer, **contact)


# Through the pages.

def test_the_page_lists_them_in_a_fixed_number_of_queries(
        p, in_progress, django_assert_max_num_queries):
    """The practitioners, the family members and each contact on one page, read in a fixed
    number of queries however many there are; the look at the family's records is logged."""
    bu = p.business_unit
    url = reverse("lcspr:engagement", args=[in_progress.pk])
    for number in range(3):
        member = family_member(p, in_progress, name=f"Relative {number} Brennan")
        worker = practitioner(p, in_progress, name=f"Worker {number}")
        for person in ({"family_member": member}, {"practitioner": worker}):
            services.record_engagement_contact(
                lcspr=fresh(in_progress), actor=bu, contacted_on=D(2026, 11, 12), how="visit",
                made_by="The reviewer", notes=f"Contact {number}", **person)
    client = client_for(bu)
    with django_assert_max_num_queries(11):
        page = client.get(url)
    text = text_of(page)
    assert "Relative 2 Brennan (mother)" in text and "Worker 2" in text
    assert offending(read(page.content.decode()).text) == []  # no codes, only words
    assert text.count("Contact ") >= 6
    assert "Given, 9 November 2026" in text
    assert CaseAccess.objects.filter(case=in_progress.case, user=bu,
                                     what="LCSPR practitioners and family").exists()
    family_member(p, in_progress, name="Relative 3 Brennan")
    with django_assert_max_num_queries(11):
        client.get(url)


def test_the_business_unit_records_a_family_member_on_its_page(p, in_progress):
    """004 section 12.1 through the page: the address names no one; the message names no
    one; the LCSPR's page links to the practitioners and family."""
    client = client_for(p.business_unit)
    lcspr_page = text_of(client.get(in_progress.get_absolute_url()))
    assert "Practitioners and family" in lcspr_page
    url = reverse("lcspr:engagement-add", args=[in_progress.pk, "family-member"])
    form = {"name": MOTHER, "relationship": "mother", "engaged_by": "reviewer",
            "taking_part": "agreed", "consent": "not_sought",
            **date_fields("first_approached_on", D(2026, 11, 9)),
            "expectations_explained": "no", "wants_report": "yes"}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Say why consent to information sharing was not sought" in text_of(refused)
    assert not LcsprFamilyMember.objects.exists()
    response = client.post(url, {**form, "consent_not_sought_reason": "Police advice"},
                           follow=True)
    member = LcsprFamilyMember.objects.get()
    assert (member.name, member.consent_not_sought_reason) == (MOTHER, "Police advice")
    assert response.redirect_chain[-1][0] == reverse("lcspr:engagement", args=[in_progress.pk])
    assert "Kayleigh" not in " ".join(str(m) for m in response.context["messages"])
    change = reverse("lcspr:engagement-change", args=[in_progress.pk, "family-member",
                                                      member.pk])
    assert "Kayleigh" not in change
    assert MOTHER in client.get(change).content.decode()


def test_a_contact_in_the_future_on_the_page_changes_nothing(p, in_progress):
    """Bad input on the page: a contact date in the future gets a clear message."""
    member = family_member(p, in_progress)
    client = client_for(p.business_unit)
    url = reverse("lcspr:engagement-add", args=[in_progress.pk, "contact"])
    form = {"with_whom": f"family-{member.pk}", "how": "visit", "made_by": "The reviewer",
            "notes": "Met at home", **date_fields("contacted_on",
                                                  today() + datetime.timedelta(days=3))}
    response = client.post(url, form)
    assert "The date of the contact must be today or in the past" in text_of(response)
    assert not EngagementContact.objects.exists()
    client.post(url, {**form, **date_fields("contacted_on", D(2026, 11, 12))})
    assert EngagementContact.objects.get().family_member == member


def test_the_business_unit_records_a_practitioner_and_the_access_on_their_pages(
        p, in_progress):
    """004 section 8.5 and issue 13 item 12 through the pages."""
    client = client_for(p.business_unit)
    client.post(reverse("lcspr:engagement-add", args=[in_progress.pk, "practitioner"]), {
        "user": p.teacher.pk, "role": "Class teacher", "engagement": "interview",
        **date_fields("engaged_on", D(2026, 11, 20))})
    row = LcsprPractitioner.objects.get()
    assert (row.user, row.role, row.engaged_on) == (p.teacher, "Class teacher",
                                                    D(2026, 11, 20))
    client.post(reverse("lcspr:engagement-change", args=[in_progress.pk, "practitioner",
                                                         row.pk]), {
        "user": p.teacher.pk, "role": "Class teacher", "engagement": "interview",
        **date_fields("told_of_outcome_on", D(2026, 11, 30))})
    assert LcsprPractitioner.objects.get().told_of_outcome_on == D(2026, 11, 30)
    client.post(reverse("lcspr:engagement-access", args=[in_progress.pk]), {
        "allowed": "yes", **date_fields("decided_on", D(2026, 11, 3))})
    assert fresh(in_progress).reviewer_sees_engagement
    assert len(logged("decide_reviewer_engagement_access")) == 1


def test_a_reviewer_not_allowed_sees_nothing_of_them(p, in_progress, reviewer):
    """Issue 13 item 12: unless the partners allow it, the reviewer commissioned sees
    nothing of the practitioner and family records: every page refused, and nothing of them
    on the review's page (not even that they exist)."""
    mother = family_member(p, in_progress)
    worker = practitioner(p, in_progress)
    client = client_for(reviewer)
    urls = engagement_urls(in_progress, ("family-member", mother), ("practitioner", worker))
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 403)
    page = client.get(in_progress.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    for hidden in ("Practitioners and family", MOTHER, "Sam Carter",
                   reverse("lcspr:engagement", args=[in_progress.pk]),
                   "contact with a family member"):
        assert hidden not in text


def test_a_reviewer_allowed_reads_them_and_records_a_contact(p, in_progress, reviewer):
    """Issue 13 item 12: as the partners allow, the reviewer reads the records and records
    their contacts (004 section 12.1: usually they engage the family); the people
    themselves are the business unit's to record."""
    mother = family_member(p, in_progress)
    worker = practitioner(p, in_progress)
    lcspr = allow(p, in_progress)
    client = client_for(reviewer)
    assert "Practitioners and family" in text_of(client.get(lcspr.get_absolute_url()))
    page = client.get(reverse("lcspr:engagement", args=[lcspr.pk]))
    assert MOTHER in text_of(page) and "Sam Carter" in text_of(page)
    assert "Record a contact with a family member or practitioner" in text_of(page)
    assert "Record a family member" not in text_of(page)
    for url in (engagement_urls(lcspr, ("family-member", mother), ("practitioner", worker))):
        expected = 200 if url.endswith(("/engagement/", "/contact/add/")) else 403
        assert client.get(url).status_code == expected, url
    client.post(reverse("lcspr:engagement-add", args=[lcspr.pk, "contact"]), {
        "with_whom": f"family-{mother.pk}", "how": "visit", "made_by": "Margaret Osei",
        "notes": "Met at home", **date_fields("contacted_on", D(2026, 11, 12))})
    assert EngagementContact.objects.get().recorded_by == reviewer


def test_a_second_reviewer_and_a_contributor_see_nothing(p, in_progress):
    """A reviewer commissioned on another review sees nothing of this one's family, even
    when the partners allow this one's reviewer; an agency contributor sees nothing; the
    partners and the scrutineer read them and record nothing."""
    second = journey.reviewer("Dr Chidi Obi")
    journey.commissioned(p, journey.concluded(p), second, D(2026, 11, 2))
    mother = family_member(p, in_progress)
    lcspr = allow(p, in_progress)
    urls = engagement_urls(lcspr, ("family-member", mother))
    for person in (second, p.teacher):
        client = client_for(person)
        assert {client.get(url).status_code for url in urls} <= {403, 404}
    for reader in (p.partner, p.scrutineer):
        client = client_for(reader)
        assert client.get(urls[0]).status_code == 200
        assert {client.get(url).status_code for url in urls[1:]} == {403}


def test_a_row_of_another_review_is_not_found(p, in_progress):
    """A row's number leads only to a row of this review."""
    stranger = family_member(p, journey.concluded(p))
    url = reverse("lcspr:engagement-change", args=[in_progress.pk, "family-member",
                                                   stranger.pk])
    assert client_for(p.business_unit).get(url).status_code == 404


def test_the_redaction_check_finds_the_family_recorded_here(p, in_progress):
    """Issue 13 item 10: the redaction check lists what the service knows of the family and
    practitioners, this review's own records too: a family member's name (and first name),
    a surviving child's, and a practitioner's, in a sample report."""
    family_member(p, in_progress)
    family_member(p, in_progress, name="Mia Brennan", relationship="child")
    practitioner(p, in_progress)
    version = journey.draft(p, in_progress, D(2026, 11, 16), upload=journey.docx_report(
        "Kayleigh Brennan spoke to the reviewer.\nMia Brennan was seen by Sam Carter.\n"
        "Kayleigh said little."))
    K = RedactionHit.Kind
    assert [(hit.kind, hit.found) for hit in version.redaction_hits.all()] == [
        (K.FAMILY_NAME, MOTHER), (K.CHILD_NAME, "Mia Brennan"), (K.PRACTITIONER, "Sam Carter"),
        (K.FIRST_NAME, "Kayleigh")]


def test_the_case_history_names_each_record_by_its_kind(p, in_progress):
    """The change history shows names and words, never codes: each row named by its kind
    (a family member's name only in what changed, for those who read the history)."""
    family_member(p, in_progress)
    practitioner(p, in_progress)
    page = client_for(p.business_unit).get(reverse("cases:history",
                                                    args=[in_progress.case.reference]))
    text = text_of(page)
    assert "LCSPR family member" in text and "LCSPR practitioner" in text
