"""The Information Gathering Tool as seed 002 has it (its appendix, "Information Gathering
Tool for a Serious Incident", and section 7): every question of the form, the children
subject of the review as rows, the practitioners involved, a nil return, the chronology's
"Agency (record type)" column of Darlington's template (seed 004 appendix 2) and the
three-year scope of seed 004 section 6.5, stated where the agency answers."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from forms.models import Child
from reviews.models import (
    ChronologyEntry,
    InformationReturn,
    ReturnPractitioner,
)
from reviews.rapid_review import services
from reviews.rapid_review.answers import return_answers
from safeguarding.models import Role
from safeguarding.rows import RowChange
from tests.factories import UserFactory
from tests.pdfs import needs_pdftotext, pdf_text
from tests.rapid_review import complete

pytestmark = pytest.mark.django_db
D = datetime.date
EASTER_MONDAY_2026 = D(2026, 4, 6)
SUMMER_BANK_HOLIDAY_2026 = D(2026, 8, 31)
CORONATION_BANK_HOLIDAY = D(2023, 5, 8)


def contributor(agency):
    return UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agency)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_of(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="(\d*)"', page)
    assert found, f"{name} not on the page"
    return found.group(1)


def date_parts(prefix: str, value: datetime.date) -> dict[str, str]:
    return {f"{prefix}_0": str(value.day), f"{prefix}_1": str(value.month),
            f"{prefix}_2": str(value.year)}


def rows_management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "500"}


# Every question of the seed's form is asked, on the page the agency fills in.

SEED_QUESTIONS = {
    # "Details of Person completing this form": Name, Organisation, Date form completed.
    "about": ["Your name", "Organisation", "Date form completed",
              "Has your agency had any involvement with the child or children"],
    # "Child(ren) Subject of Review".
    "children": ["Name of child", "Date of birth", "Home address", "Ethnic origin",
                 "Faith or religion", "Disability",
                 "Is the child or young person subject to a child protection plan now?",
                 "Has the child or young person been subject to a child protection plan "
                 "previously?", "If so, when, for what and for how long?"],
    # "Family Details".
    "family": ["Name and address", "Relationship to child", "Date of birth", "Legal status",
               "Ethnic origin"],
    "incident": ["Date of incident", "Address of location of incident",
                 "Carer at time of incident, if known", "criminal investigation",
                 "Who is the lead investigator?", "coroner's inquiry",
                 "Who is the key contact?"],
    "involvement": ["open to your agency as a current case", "open to your agency as a "
                    "previous case", "what capacity, and the name of the lead practitioner",
                    "Are there any adult safeguarding concerns?",
                    "Safeguarding Adult Referral (SAR) form", "who is the key contact?"],
    # "Other Agencies known to be involved".
    "agencies": ["Name of the agency", "Contact details: address, telephone and email",
                 "Reason for involvement (include whether current or not)"],
    # Section 7: "identify the practitioners involved in this case".
    "practitioners": ["Name", "Role", "Agency or team",
                      "Their involvement with the child or family"],
    # "Brief Synopsis of Case": its eight questions.
    "synopsis": ["1. Initial information", "2. A summary of your agency's involvement",
                 "3. A brief summary of your agency's previous involvement",
                 "4. A brief analysis of individual or agency practice",
                 "5. Is any immediate action needed", "6. Any areas of concern",
                 "7. Any further relevant information", "8. How the voice and lived "
                 "experience of the child"],
    # The chronology: 002's "Date &amp; Time", "Event"; 004 appendix 2's columns.
    "chronology": ["Date", "Time (24 hour", "Significant event", "Agency (record type)",
                   "Whose professional or agency records (source)", "Who was involved",
                   "Decisions and outcome", "Child seen or views sought?",
                   "The child's views", "Author comments"],
    "recommendation": ["National Child Safeguarding Practice Review",
                       "Local Child Safeguarding Practice Review", "Single-agency review",
                       "Single or multi-agency audit"],
}


@pytest.mark.parametrize("slug", sorted(SEED_QUESTIONS))
def test_every_question_of_the_seed_form_is_asked(school_return, school, slug):
    """Seed 002 appendix: each box of the Information Gathering Tool has its question on
    the page of the return that asks it (a row page offers a blank row to fill in)."""
    page = html.unescape(signed_in(contributor(school)).get(
        reverse("reviews:section", args=[school_return.pk, slug]) + "?add=1").content.decode())
    missing = [question for question in SEED_QUESTIONS[slug] if question not in page]
    assert not missing, f"{slug} does not ask: {missing}"


def test_the_three_year_scope_is_stated_where_the_agency_answers(school_return, school):
    """Seed 004 section 6.5, in its words: information dating back no more than 3 years,
    anything relevant outside it shared at the meeting; on the task list, the first question
    (which decides a nil return), the synopsis and the chronology."""
    client = signed_in(contributor(school))
    words = ("the Statutory Safeguarding Partners will request information dating back no "
             "more than 3 years. However, if agencies believe there is relevant information "
             "outside of this timescale, this information should be shared at the meeting.")
    for url in (school_return.get_absolute_url(),
                *(reverse("reviews:section", args=[school_return.pk, slug])
                  for slug in ("about", "synopsis", "chronology"))):
        assert words in client.get(url).content.decode(), url


# The children subject of the review.

def test_each_child_the_referral_names_is_a_subject_child(review, business_unit, school):
    """Seed 002 appendix, "Child(ren) Subject of Review": the return covers every child the
    referral names, each in a row of their own, prefilled."""
    referral = review.case.referral
    Child.objects.create(referral=referral, full_name="Noah Test",
                         date_of_birth=D(2023, 4, 10), ethnicity="White British",
                         faith="None", disability="Hearing impairment",
                         address="4 Mill Lane, Northmoor")
    information_return = services.send_information_requests(
        review=review, actor=business_unit, agencies=[school])[0]
    rows = list(information_return.children.all())
    assert [row.name for row in rows] == [child.full_name for child in referral.children.all()]
    noah = rows[1]
    assert (noah.date_of_birth, noah.ethnic_origin, noah.faith, noah.disability,
            noah.address) == (D(2023, 4, 10), "White British", "None", "Hearing impairment",
                              "4 Mill Lane, Northmoor")


def test_the_agency_corrects_a_child_and_adds_a_sibling_in_the_browser(school_return,
                                                                      school):
    """Seed 002 appendix: the children subject of the review, with whether each is subject
    to a child protection plan now and whether they have been before, and when, for what and
    for how long: current and previous are two answers, since a child can be both."""
    client = signed_in(contributor(school))
    url = reverse("reviews:section", args=[school_return.pk, "children"])
    page = client.get(url).content.decode()
    first = school_return.children.get()
    response = client.post(url, {
        **rows_management("children", 2, 1),
        "children-0-id": str(first.pk), "children-0-version": version_of(page,
                                                                          "children-0-version"),
        "children-0-name": first.name, **date_parts("children-0-date_of_birth",
                                                     first.date_of_birth),
        "children-0-child_protection_current": "no",
        "children-0-child_protection_previous": "yes",
        "children-0-child_protection_details": "Neglect, from Easter Monday (6 April 2026) "
                                               "to the summer bank holiday (31 August 2026)",
        "children-1-name": "Noah Test", **date_parts("children-1-date_of_birth",
                                                     CORONATION_BANK_HOLIDAY),
        "children-1-child_protection_current": "yes",
        "children-1-child_protection_previous": "not_known",
    })
    assert response.status_code == 302
    first.refresh_from_db()
    noah = school_return.children.exclude(pk=first.pk).get()
    assert (first.child_protection_current, first.child_protection_previous) == ("no", "yes")
    assert "Easter Monday" in first.child_protection_details
    assert (noah.name, noah.date_of_birth, noah.child_protection_current,
            noah.child_protection_previous) == ("Noah Test", CORONATION_BANK_HOLIDAY, "yes",
                                                "not_known")
    [children] = [answered for answered in return_answers(school_return)
                  if answered.section.slug == "children"]
    assert [title for title, _answers in children.rows] == [first.name, "Noah Test"]
    answers = dict(children.rows[0][1])
    assert answers["Is the child or young person subject to a child protection plan now?"] == "No"
    assert answers["Has the child or young person been subject to a child protection plan "
                   "previously?"] == "Yes"


def test_a_child_without_a_name_is_refused_and_nothing_is_saved(school_return, school):
    """Seed 002 appendix: "Name of Child" is the first box of each child."""
    client = signed_in(contributor(school))
    url = reverse("reviews:section", args=[school_return.pk, "children"])
    page = client.get(url).content.decode()
    first = school_return.children.get()
    response = client.post(url, {
        **rows_management("children", 2, 1), "children-0-id": str(first.pk),
        "children-0-version": version_of(page, "children-0-version"),
        "children-0-name": first.name,
        "children-1-name": "", "children-1-disability": "Autism",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter the name of the child" in html
    assert school_return.children.count() == 1


def test_a_return_about_no_child_cannot_be_submitted(school_return, school):
    """Seed 002 appendix: the form is about the child(ren) subject of the review; a return
    from an involved agency names at least one."""
    complete(school_return)
    school_return.children.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.submit_information_return(information_return=school_return,
                                           actor=contributor(school))
    assert refused.value.messages == ["Add the child or children the review is about"]
    assert InformationReturn.objects.get(pk=school_return.pk).status == (
        InformationReturn.Status.REQUESTED)


# The practitioners involved.

def test_the_agency_names_the_practitioners_involved(school_return, school):
    """Seed 002 section 7: "It would be helpful at this stage for agencies to identify the
    practitioners involved in this case in order to make the planning of a Practice Learning
    Event more efficient": name, role, agency or team, involvement."""
    client = signed_in(contributor(school))
    url = reverse("reviews:section", args=[school_return.pk, "practitioners"])
    response = client.post(url, {
        **rows_management("practitioners", 2, 0),
        "practitioners-0-name": "Claire Dunn", "practitioners-0-role": "Designated "
        "Safeguarding Lead", "practitioners-0-agency_or_team": "Northmoor Academy, pastoral "
        "team", "practitioners-0-involvement": "Spoke to the child after Easter Monday, 6 "
                                              "April 2026",
        "practitioners-1-name": "", "practitioners-1-role": "Class teacher",
    })
    assert response.status_code == 200
    assert "Enter the practitioner's name" in html.unescape(response.content.decode())
    assert not ReturnPractitioner.objects.exists()  # a bad row saves nothing
    response = client.post(url, {
        **rows_management("practitioners", 1, 0),
        "practitioners-0-name": "Claire Dunn", "practitioners-0-role": "Designated "
        "Safeguarding Lead", "practitioners-0-agency_or_team": "Northmoor Academy, pastoral "
        "team", "practitioners-0-involvement": "Spoke to the child after Easter Monday, 6 "
                                              "April 2026",
    })
    assert response.status_code == 302
    practitioner = school_return.practitioners.get()
    assert (practitioner.name, practitioner.role, practitioner.agency_or_team) == (
        "Claire Dunn", "Designated Safeguarding Lead", "Northmoor Academy, pastoral team")
    [answered] = [section for section in return_answers(school_return)
                  if section.section.slug == "practitioners"]
    assert answered.rows[0][0] == "Claire Dunn, Designated Safeguarding Lead"


# A nil return.

def test_a_nil_return_needs_only_its_reason(school_return, school, business_unit):
    """Seed 002 section 7: the tool goes to every partner agency and any other known to be
    involved, so an agency with no involvement says so; the reason (what it searched, over
    the three years seed 004 section 6.5 asks about) is all it gives: no synopsis, no
    chronology, no other section."""
    teacher = contributor(school)
    services.save_information_return(
        information_return=school_return, actor=teacher, version=None,
        answers={"completed_by_name": "Claire Dunn", "completed_on": D(2026, 11, 11),
                 "had_involvement": "no"})
    school_return.refresh_from_db()
    problems = services.return_problems(school_return)
    assert [problem.message for problem in problems] == [
        "Give the reason this is a nil return"]
    with pytest.raises(ValidationError, match="Give the reason this is a nil return"):
        services.submit_information_return(information_return=school_return, actor=teacher)
    assert InformationReturn.objects.get(pk=school_return.pk).status == (
        InformationReturn.Status.DRAFT)
    services.save_information_return(
        information_return=school_return, actor=teacher, version=None,
        answers={"nil_return_reason": "No record of the child or family: the school's "
                                      "records searched by name and date of birth on 11 "
                                      "November 2026, back to November 2023."})
    school_return.refresh_from_db()
    assert not school_return.chronology.exists()
    services.submit_information_return(information_return=school_return, actor=teacher)
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.SUBMITTED
    assert school_return.is_nil_return


def test_a_nil_return_in_the_browser(school_return, school):
    """Seed 002 section 7 and seed 004 section 6.5: the task list says the other sections
    are not needed for a nil return, and the check page lets it be submitted."""
    client = signed_in(contributor(school))
    response = client.post(reverse("reviews:section", args=[school_return.pk, "about"]), {
        "completed_by_name": "Claire Dunn", "completed_by_role": "Designated Safeguarding Lead",
        "completed_by_organisation": "Northmoor Academy", **date_parts("completed_on",
                                                                       D(2026, 11, 11)),
        "had_involvement": "no",
        "nil_return_reason": "No record of the child or family at the school.",
        "progress-completed": "yes",
    })
    assert response.status_code == 302
    page = client.get(school_return.get_absolute_url()).content.decode()
    assert "You have completed 1 of 1 required sections" in page
    assert page.count("Not needed for a nil return") == 9
    submitted = client.post(reverse("reviews:submit", args=[school_return.pk]))
    assert submitted.status_code == 302
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.SUBMITTED
    business_unit = signed_in(UserFactory(role=Role.BUSINESS_UNIT))
    read = business_unit.get(school_return.get_absolute_url()).content.decode()
    assert "Nil return:" in read and "No record of the child or family at the school." in read


def test_until_the_agency_says_it_had_no_involvement_every_section_is_asked(school_return,
                                                                           school):
    """Seed 002 appendix: an agency answers whether it has been involved; one that has (or
    has not said) answers the synopsis and gives the key events: a nil return is the only
    way round them."""
    school_return.completed_by_name = "Claire Dunn"
    school_return.completed_on = D(2026, 11, 11)
    school_return.save()
    messages = [problem.message for problem in services.return_problems(school_return)]
    assert messages[0] == ("Say whether your agency has had any involvement with the child or "
                           "family")
    assert "Answer question 1: the initial information" in messages
    assert "Add at least one key event to the chronology" in messages
    school_return.had_involvement = "yes"
    school_return.save()
    messages = [problem.message for problem in services.return_problems(school_return)]
    assert "Say whether your agency has had any involvement with the child or family" \
        not in messages
    assert "Answer question 1: the initial information" in messages
    assert "Add at least one key event to the chronology" in messages


def test_a_case_open_before_needs_its_capacity_and_lead_practitioner(school_return, school):
    """Seed 002 appendix: "Was the child/young person/parent/family open to your agency as a
    previous case? Please provide details of in what capacity and the name of the lead
    practitioner"."""
    complete(school_return)
    school_return.open_before = "yes"
    school_return.save()
    assert [problem.message for problem in services.return_problems(school_return)] == [
        "Say in what capacity the case was open to your agency before, and the lead "
        "practitioner"]
    school_return.open_before_details = "Early help, 2024 to Easter 2025; lead: Ms A Khan"
    school_return.save()
    assert services.return_problems(school_return) == []


def test_adult_safeguarding_concerns_say_whether_a_sar_form_was_made(school_return, school):
    """Seed 002 appendix: "Are there any adult safeguarding concerns and have these been
    shared via completing a SAR (Safeguarding Adult Referral form)? If so who is the key
    contact?": three answers."""
    services.save_information_return(
        information_return=school_return, actor=contributor(school), version=None,
        answers={"adult_safeguarding": "yes", "adult_safeguarding_shared": "yes",
                 "adult_safeguarding_details": "Adult social care, duty team"})
    [involvement] = [answered for answered in return_answers(school_return)
                     if answered.section.slug == "involvement"]
    answers = dict(involvement.answers)
    assert answers["If so, have these been shared by completing a Safeguarding Adult "
                   "Referral (SAR) form?"] == "Yes"
    assert answers["If so, who is the key contact?"] == "Adult social care, duty team"


# The chronology.

@needs_pdftotext
def test_the_chronology_names_the_record_each_event_comes_from(school_return, school,
                                                               business_unit, tmp_path):
    """Seed 004 appendix 2, the chronology's "Agency" column: "The record from which the
    information was obtained, e.g. social work record, health visiting record, school
    nursing record, police record"; the panel pack shows it with the agency."""
    teacher = contributor(school)
    complete(school_return)
    services.save_information_return(
        information_return=school_return, actor=teacher, version=None, answers={},
        rows={"chronology": [RowChange(values={
            "happened_on": SUMMER_BANK_HOLIDAY_2026, "happened_at": datetime.time(10, 5),
            "event": "Called by the child's mother about bruising", "record_type":
            "School safeguarding record (CPOMS)"})]})
    entry = ChronologyEntry.objects.get(happened_on=SUMMER_BANK_HOLIDAY_2026)
    assert entry.record_type == "School safeguarding record (CPOMS)"
    services.submit_information_return(information_return=school_return, actor=teacher)
    client = signed_in(business_unit)
    pack = pdf_text(client.get(reverse("reviews:panel-pack", args=[school_return.review.pk]))
                    .content, tmp_path)
    assert "Agency (record type)" in pack
    assert "School safeguarding record (CPOMS)" in pack


def test_the_record_type_is_saved_from_the_chronology_page(school_return, school):
    """Seed 004 appendix 2: the "Agency (record type)" column is on the page."""
    client = signed_in(contributor(school))
    response = client.post(reverse("reviews:section", args=[school_return.pk, "chronology"]), {
        **rows_management("chronology", 1, 0),
        **date_parts("chronology-0-happened_on", EASTER_MONDAY_2026),
        "chronology-0-event": "Attended A&E with a burn to the hand",
        "chronology-0-record_type": "Health visiting record",
    })
    assert response.status_code == 302
    assert ChronologyEntry.objects.get().record_type == "Health visiting record"


# The one child of returns made before is moved into a row (migration 0004).

@pytest.mark.django_db(transaction=True)
def test_the_one_child_of_an_earlier_return_becomes_its_first_row():
    """Seed 002 appendix, "Child(ren) Subject of Review": a return saved with one child
    (before the form held several) keeps that child, as its first row, with the history of
    who entered it; the plan answer becomes current and previous; and back again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = ("reviews", "0003_rapid_review_record"), (
        "reviews", "0004_information_gathering_tool")
    executor = MigrationExecutor(connection)
    # The other apps as they are now: only the returns go back to before 0004, and oversight,
    # whose migrations follow the reviews' latest, goes back with them.
    others = [leaf for leaf in executor.loader.graph.leaf_nodes()
              if leaf[0] not in ("reviews", "oversight")]
    executor.migrate([before])
    old = executor.loader.project_state([before, *others]).apps
    with_child, without_child = _old_returns(old)
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    new = executor.loader.project_state([after, *others]).apps
    rows = new.get_model("reviews", "ReturnChild").objects.filter(
        information_return_id=with_child)
    child = rows.get()
    assert (child.name, child.date_of_birth, child.disability) == (
        "Amelia Test", D(2026, 4, 6), "None known")
    assert (child.child_protection_current, child.child_protection_previous) == ("no", "yes")
    assert child.child_protection_details == "Neglect, April to 8 May 2023"
    assert not new.get_model("reviews", "ReturnChild").objects.filter(
        information_return_id=without_child).exists()
    versions = list(new.get_model("reviews", "HistoricalReturnChild").objects.filter(
        id=child.pk).order_by("history_date", "history_id"))
    assert [(version.history_type, version.name) for version in versions] == [
        ("+", "Amelia"), ("~", "Amelia Test")]
    assert versions[0].history_user_id is not None
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    back = executor.loader.project_state([before, *others]).apps.get_model(
        "reviews", "InformationReturn").objects.get(pk=with_child)
    assert (back.child_name, back.child_protection_plan) == ("Amelia Test", "previous")
    MigrationExecutor(connection).migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_returns(apps) -> tuple[int, int]:
    """Two returns as they were saved before 0004: one with its one child (entered, then
    corrected), one with none."""
    from django.utils import timezone

    User = apps.get_model("safeguarding", "User")
    Agency = apps.get_model("safeguarding", "Agency")
    Case = apps.get_model("cases", "Case")
    RapidReview = apps.get_model("reviews", "RapidReview")
    InformationReturn = apps.get_model("reviews", "InformationReturn")
    History = apps.get_model("reviews", "HistoricalInformationReturn")
    school = Agency.objects.create(name="Northmoor Academy", kind="education")
    police = Agency.objects.create(name="Northmoor Police", kind="police")
    unit = User.objects.create(email="unit@example.org", full_name="Priya Shah",
                               agency=school, role="business_unit")
    case = Case.objects.create(reference="NM-2026-0099", received_on=D(2026, 11, 2))
    review = RapidReview.objects.create(case=case, decided_on=D(2026, 11, 9),
                                        decided_by=unit, decision_note="Decided by the Chair")
    common = {"review": review, "requested_on": D(2026, 11, 9), "requested_by": unit,
              "due_on": D(2026, 11, 16)}
    with_child = InformationReturn.objects.create(
        agency=school, child_name="Amelia Test", child_date_of_birth=D(2026, 4, 6),
        child_disability="None known", child_protection_plan="previous",
        child_protection_details="Neglect, April to 8 May 2023", **common)
    without_child = InformationReturn.objects.create(agency=police, **common)
    fields = {field.name: getattr(with_child, field.name)
              for field in InformationReturn._meta.fields
              if field.name not in ("review", "agency", "requested_by", "submitted_by")}
    for when, name, kind in ((D(2026, 11, 9), "Amelia", "+"),
                             (D(2026, 11, 10), "Amelia Test", "~")):
        History.objects.create(**{**fields, "child_name": name}, review_id=review.pk,
                               agency_id=school.pk, requested_by_id=unit.pk,
                               history_date=timezone.make_aware(
                                   datetime.datetime.combine(when, datetime.time(9))),
                               history_type=kind, history_user_id=unit.pk)
    return with_child.pk, without_child.pk


def test_the_new_rows_are_in_the_cases_history(school_return, school):
    """Seed 002 appendix and section 7: the children, the practitioners and the chronology's
    record type are kept with who changed them, in the case's history (nothing is lost)."""
    from cases.selectors import case_history

    teacher = contributor(school)
    services.save_information_return(
        information_return=school_return, actor=teacher, version=None, answers={},
        rows={"practitioners": [RowChange(values={"name": "Claire Dunn",
                                                  "role": "Designated Safeguarding Lead"})]})
    records = {entry.record: entry for entry in case_history(school_return.review.case)}
    child = records["Information return from Northmoor Academy: subject child"]
    assert child.what and child.user is not None  # prefilled by the business unit's request
    practitioner = records["Information return from Northmoor Academy: practitioner "
                           "(Designated Safeguarding Lead)"]
    assert practitioner.user == teacher
