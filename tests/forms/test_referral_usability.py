"""The referral as a new user meets it (issue 16 point 1): honest task list statuses that say
what is missing, optional questions marked, missing answers first on check your answers,
"Change" coming back there, answers kept when a page has an error, drafts named by what they
hold and deletable, a clear page after sending, and the referral's progress for its referrer."""

import datetime
import html
import re

import pytest

from cases import services as case_services
from cases.models import Case
from forms import services
from forms.models import Child, Referral
from forms.progress import draft_name, initials
from safeguarding.models import Decision, Role
from tests.factories import ReferralFactory, UserFactory, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def status_of(page: str, title: str) -> str:
    """The status the task list shows after a section's title (and its hint)."""
    return re.search(re.escape(title) + r" (?:Missing: [^A-Z]*)?(Completed|In progress|Not yet "
                     r"started)", page).group(1)


def dates(name: str, day: D) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


# 1 and 2. The task list: statuses a person can trust, and what is missing.

def test_a_new_referral_has_completed_nothing(author_client, draft):
    page = text(author_client.get(f"/referrals/{draft.pk}/"))
    assert "You have completed 0 of 9 sections." in page
    assert status_of(page, "Parents, guardians, siblings and significant others") == (
        "Not yet started")
    assert status_of(page, "Other agencies involved") == "Not yet started"
    assert "Completed" not in page.split("Refer a serious incident", 2)[-1].split(
        "Check your answers")[0]


def test_a_section_with_nothing_required_is_completed_once_saved(author_client, draft):
    author_client.post(f"/referrals/{draft.pk}/agencies/", {
        "version": "", "agencies-TOTAL_FORMS": "0", "agencies-INITIAL_FORMS": "0"})
    page = text(author_client.get(f"/referrals/{draft.pk}/"))
    assert status_of(page, "Other agencies involved") == "Completed"
    assert "You have completed 1 of 9 sections." in page


def test_a_saved_section_with_gaps_is_in_progress_and_says_what_is_missing(author_client, draft):
    response = author_client.post(f"/referrals/{draft.pk}/incident/", {
        **dates("incident_date", D(2026, 11, 19)), "coroner_involved": "no"})
    assert response.status_code == 302
    page = text(author_client.get(f"/referrals/{draft.pk}/"))
    assert status_of(page, "The incident") == "In progress"
    assert ("Missing: staff conduct, criminal investigation, main cause, characteristics"
            in page)
    assert "incident date" not in page.split("The incident", 1)[1].split("Child protection")[0]


def test_a_section_completed_by_its_author_says_completed(author_client, draft):
    author_client.post(f"/referrals/{draft.pk}/child_protection/", {
        "child_protection-TOTAL_FORMS": "0", "child_protection-INITIAL_FORMS": "0"} | {
        field: "no" for field in ("known_to_social_care", "child_on_cp_plan",
                                  "siblings_on_cp_plan", "child_on_cin_plan",
                                  "siblings_on_cin_plan")})
    page = text(author_client.get(f"/referrals/{draft.pk}/"))
    assert status_of(page, "Child protection and child in need") == "Completed"


def test_the_service_records_which_section_was_saved(draft, author):
    services.save_referral_section(referral=draft, actor=author, answers={}, version=None,
                                   section="details")
    services.save_referral_section(referral=draft, actor=author, answers={}, version=None,
                                   section="details")
    draft.refresh_from_db()
    assert draft.sections_saved == ["details"]
    with pytest.raises(Exception, match="no section"):
        services.save_referral_section(referral=draft, actor=author, answers={}, version=None,
                                       section="nonsense")


# 3. Optional questions are marked, needed ones are not.

def test_optional_questions_are_marked_and_needed_ones_are_not(author_client, draft):
    page = text(author_client.get(f"/referrals/{draft.pk}/referrer/"))
    assert "Your address (optional)" in page
    assert "Authorising officer within your agency (optional)" in page
    assert "Telephone number (optional)" not in page and "Telephone number" in page
    incident = text(author_client.get(f"/referrals/{draft.pk}/incident/"))
    assert "When did your agency become aware of the incident? (optional)" in incident
    assert "Is a coroner involved? (optional)" not in incident


def test_check_answers_keeps_the_plain_questions(author_client, draft):
    page = text(author_client.get(f"/referrals/{draft.pk}/check/"))
    assert "(optional)" not in page


# 4. Check your answers: missing answers first, and Change comes back.

def test_check_answers_lists_the_missing_answers_first_with_links(author_client, draft):
    page = author_client.get(f"/referrals/{draft.pk}/check/").content.decode()
    banner = page.index('data-testid="problems"')
    assert banner < page.index("Route and notification criteria</h2>")
    link = f'href="/referrals/{draft.pk}/incident/?next=check#id_incident_date_0"'
    assert link in page[banner:banner + 6000]
    assert f'href="/referrals/{draft.pk}/route/?next=check#id_route_1"' in page
    assert f'/referrals/{draft.pk}/referrer/?next=check#id_referrer_phone"' in page


def test_change_returns_to_check_answers_after_saving(author_client, draft):
    page = author_client.get(f"/referrals/{draft.pk}/check/").content.decode()
    assert f'href="/referrals/{draft.pk}/details/?next=check">Change' in page
    form = text(author_client.get(f"/referrals/{draft.pk}/details/?next=check"))
    assert "Back to check your answers" in form
    assert "Save and return to check your answers" in form
    response = author_client.post(f"/referrals/{draft.pk}/details/?next=check",
                                  {"incident_details": "Fractured skull."})
    assert response.status_code == 302
    assert response.url == f"/referrals/{draft.pk}/check/"


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example",
                                       "/referrals/", ""])
def test_only_check_answers_is_a_place_to_return_to(author_client, draft, next_page):
    response = author_client.post(f"/referrals/{draft.pk}/details/?next={next_page}",
                                  {"incident_details": "Fractured skull."})
    assert response.url == f"/referrals/{draft.pk}/"


# 5. A page with an error keeps every other answer.

def test_a_page_with_an_error_keeps_the_other_answers(author_client, draft):
    response = author_client.post(f"/referrals/{draft.pk}/incident/", {
        **dates("incident_date", D(2030, 1, 1)), "staff_conduct": "not_known",
        "coroner_involved": "no", "main_cause": "other", "cause_other": ""})
    assert response.status_code == 200
    assert "The date of the serious incident must be today or in the past" in text(response)
    assert "Your other answers on this page have been saved" in text(response)
    draft.refresh_from_db()
    assert (draft.staff_conduct, draft.coroner_involved, draft.main_cause) == (
        "not_known", "no", "other")
    assert draft.incident_date is None
    # Saving the page again, corrected, is not refused as someone else's change.
    version = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    again = author_client.post(f"/referrals/{draft.pk}/incident/", {
        "version": version, **dates("incident_date", D(2026, 11, 19)),
        "staff_conduct": "not_known", "coroner_involved": "no", "main_cause": "other",
        "cause_other": "Fall from a window"})
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.incident_date, draft.cause_other) == (D(2026, 11, 19), "Fall from a window")


# 6. Drafts named by what they hold, and deleted by their author.

def test_initials_never_the_name():
    assert initials("Amelia Rose Hart") == "ARH"
    assert initials("  jo   o'neill ") == "JO"


def test_a_draft_is_named_by_its_child_and_incident(draft, author):
    assert draft_name(draft) == "No child added yet, incident date not given"
    Child.objects.create(referral=draft, full_name="Amelia Hart")
    Child.objects.create(referral=draft, full_name="Ben Hart")
    draft.incident_date = D(2026, 11, 19)
    assert draft_name(Referral.objects.prefetch_related("children").get(pk=draft.pk)
                      ) == "Child AH and BH, incident date not given"
    draft.save()
    assert draft_name(draft) == "Child AH and BH, incident 19 November 2026"


def test_your_referrals_names_each_draft_and_its_progress(author_client, draft, author,
                                                          django_assert_max_num_queries):
    Child.objects.create(referral=draft, full_name="Amelia Hart")
    services.save_referral_section(referral=draft, actor=author, version=None,
                                   answers={"incident_date": D(2026, 11, 19)},
                                   section="agencies")
    author_client.post("/referrals/new/")
    submitted_case(created_by=author)
    with django_assert_max_num_queries(12):
        response = author_client.get("/referrals/")
    page = text(response)
    assert "Draft: Child AH, incident 19 November 2026" in page
    assert "1 of 9 sections completed" in page
    assert "Draft: No child added yet, incident date not given" in page
    assert "Amelia Hart" not in page
    assert page.count("Delete draft:") == 2


def test_the_home_page_names_drafts_by_what_they_hold(author_client, draft):
    Child.objects.create(referral=draft, full_name="Amelia Hart")
    page = text(author_client.get("/"))
    assert "Draft referral: Child AH, incident date not given" in page
    assert "Amelia" not in page


def test_its_author_deletes_a_draft_after_confirming(author_client, draft, author):
    Child.objects.create(referral=draft, full_name="Amelia Hart")
    confirm = text(author_client.get(f"/referrals/{draft.pk}/delete/"))
    assert "Are you sure you want to delete this draft referral?" in confirm
    assert "Child AH, incident date not given" in confirm
    assert Referral.objects.filter(pk=draft.pk).exists()  # not on a GET
    response = author_client.post(f"/referrals/{draft.pk}/delete/")
    assert response.url == "/referrals/"
    assert not Referral.objects.filter(pk=draft.pk).exists()
    removed = Referral.history.filter(id=draft.pk, history_type="-").get()
    assert removed.history_user == author
    assert removed.history_change_reason == "Draft referral deleted by its author"
    assert Child.history.filter(referral_id=draft.pk, history_type="-").get(
        ).history_user == author


def test_nobody_else_deletes_a_draft(client_as, draft):
    other = client_as(Role.AGENCY_CONTRIBUTOR)
    assert other.post(f"/referrals/{draft.pk}/delete/").status_code == 403
    with pytest.raises(Exception, match="refused"):
        services.delete_draft_referral(referral=draft, actor=UserFactory())
    assert Referral.objects.filter(pk=draft.pk).exists()


def test_a_submitted_referral_cannot_be_deleted(client):
    case = submitted_case()
    client.force_login(case.referral.created_by)
    response = client.post(f"/referrals/{case.referral.pk}/delete/")
    assert "This referral has been sent" in text(response)
    assert Referral.objects.filter(pk=case.referral.pk).exists()
    with pytest.raises(Exception, match="refused"):
        services.delete_draft_referral(referral=case.referral,
                                       actor=case.referral.created_by)


# 7. Back after sending: a clear page, not a refusal.

@pytest.mark.parametrize("page", ["", "route/", "check/"])
def test_a_page_of_a_sent_referral_says_it_was_sent(client, page):
    case = submitted_case(received_on=D(2026, 11, 20))
    client.force_login(case.referral.created_by)
    response = client.get(f"/referrals/{case.referral.pk}/{page}")
    assert response.status_code == 200
    words = text(response)
    assert "This referral has been sent" in words
    assert case.reference in words and "20 November 2026" in words
    assert f'href="/referrals/{case.referral.pk}/submitted/"' in response.content.decode()
    assert "You cannot see this page" not in words


def test_another_agency_still_cannot_see_a_sent_referral(client_as):
    case = submitted_case()
    other = client_as(Role.AGENCY_CONTRIBUTOR)
    assert other.get(f"/referrals/{case.referral.pk}/route/").status_code == 403


# 8. The referrer follows their referral.

def bu():
    return UserFactory(role=Role.BUSINESS_UNIT)


def test_a_new_referral_is_received_and_waits_for_the_partners(client):
    case = submitted_case(received_on=D(2026, 11, 20))
    client.force_login(case.referral.created_by)
    page = text(client.get(f"/referrals/{case.referral.pk}/submitted/"))
    assert "Received by the business unit Done Received on 20 November 2026." in page
    assert ("With the safeguarding partners Not yet The business unit tells the safeguarding "
            "partners within 1 working day.") in page
    assert 'govuk-tag--blue">Received</strong>' in client.get("/referrals/").content.decode()


def test_the_decision_words_show_once_the_referrer_is_told(client):
    case = submitted_case(received_on=D(2026, 11, 20))
    unit, partner = bu(), UserFactory(role=Role.SAFEGUARDING_PARTNER)
    case_services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 20))
    case_services.record_screening_decision(
        case=Case.objects.get(pk=case.pk), actor=partner,
        decision=Case.ScreeningDecision.LEARNING, rationale="Secret partners' rationale",
        decided_on=D(2026, 11, 24))
    client.force_login(case.referral.created_by)
    page = text(client.get(f"/referrals/{case.referral.pk}/submitted/"))
    assert "The safeguarding partners were told on 20 November 2026." in page
    assert "The partners have decided. The business unit will tell you the outcome." in page
    assert "Learning and Development" not in page
    case_services.record_referrer_feedback(case=Case.objects.get(pk=case.pk), actor=unit,
                                           told_on=D(2026, 11, 25))
    page = text(client.get(f"/referrals/{case.referral.pk}/submitted/"))
    assert ("Partners referred the case to the Learning and Development group on 24 November "
            "2026.") in page
    assert "The business unit told you the outcome on 25 November 2026." in page
    assert "Secret partners' rationale" not in page
    assert "Outcome given" in text(client.get("/referrals/"))


def test_the_referrer_never_sees_the_rapid_review_or_the_case_status(client):
    case = submitted_case(received_on=D(2026, 11, 20))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.RAPID_REVIEW)
    client.force_login(case.referral.created_by)
    for url in ("/referrals/", f"/referrals/{case.referral.pk}/submitted/"):
        page = text(client.get(url))
        assert "Rapid review" not in page and "rapid review" not in page


def test_a_withdrawn_case_says_so(client):
    case = submitted_case(received_on=D(2026, 11, 20))
    case_services.withdraw_case(case=case, actor=bu(), reason="Duplicate of a phone call")
    client.force_login(case.referral.created_by)
    page = text(client.get(f"/referrals/{case.referral.pk}/submitted/"))
    assert "Case withdrawn" in page
    assert "Duplicate of a phone call" not in page
    assert Decision.objects.filter(case_id=case.pk, transition="withdraw").exists()


def test_just_after_submitting_the_confirmation_panel_shows_once(author_client, author):
    referral = ReferralFactory(created_by=author)
    response = author_client.post(f"/referrals/{referral.pk}/check/")
    first = text(author_client.get(response.url))
    assert "Referral submitted" in first and "Your reference" in first
    again = text(author_client.get(response.url))
    assert "Referral submitted" not in again
    assert "What has happened to your referral" in again
