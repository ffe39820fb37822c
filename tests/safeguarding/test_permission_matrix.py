"""Every URL of the project, for every role, an anonymous visitor and a contributor of another
agency: allowed or refused. The list of URLs comes from the URL conf, so a new URL with no
row in MATRIX fails here until someone decides who may open it.

Each row names who may open the page (GET): they get it, or are sent on to the page that
says why not now (a 302). Everyone else signed in is refused (403, or 404
where the page hides that the record exists), and an anonymous visitor is sent to sign in,
unless the page is public. Pages that only take a POST answer 405 to a GET, whoever asks."""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cases import services as case_services
from cases.models import Case, Notification
from deadlines.models import CalendarFeed
from forms import services as referral_services
from reviews.models import KnownAgency
from reviews.rapid_review import services
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory, UserFactory, pdf_upload, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date
R = Role

BU, SP, CHAIR, MEMBER, CONTRIBUTOR, REVIEWER, SCRUTINEER, MANAGER, ADMIN = (
    R.BUSINESS_UNIT, R.SAFEGUARDING_PARTNER, R.PANEL_CHAIR, R.PANEL_MEMBER,
    R.AGENCY_CONTRIBUTOR, R.REVIEWER, R.SCRUTINEER, R.MANAGER, R.ADMINISTRATOR)
EVERYONE = set(Role.values)
OTHER_AGENCY = "other agency contributor"
PUBLIC, POST_ONLY = "public", "post only"
CASE_READERS = {BU, SP, SCRUTINEER, MANAGER}
REVIEW_READERS = {BU, SP, SCRUTINEER, CHAIR}  # the chair sits on this review's panel

# url name: who may open it (roles; OTHER_AGENCY; PUBLIC; POST_ONLY).
MATRIX: dict[str, set[str] | str] = {
    "home": EVERYONE | {OTHER_AGENCY},
    # Every signed-in person sets up and gives their second factor.
    "two-factor-setup": EVERYONE | {OTHER_AGENCY}, "two-factor-verify": EVERYONE | {OTHER_AGENCY},
    "two-factor-codes": EVERYONE | {OTHER_AGENCY},
    # The emailed set-up link (issue 17 point 10): opened before or after the password; this
    # one is spent or unknown, and its page says to ask for a new one.
    "two-factor-invitation": PUBLIC,
    # Passkeys and security keys (issue 17 point 13): anyone adds their own (a session not yet
    # verified is sent to give a code); the package's ceremonies take only a POST.
    "two-factor-passkeys": EVERYONE | {OTHER_AGENCY},
    # Removing one (a confirm page): its owner's alone (the business unit's here).
    "two-factor-passkey-remove": {BU},
    "otp_webauthn:js-i18n-catalog": EVERYONE | {OTHER_AGENCY},
    "otp_webauthn:credential-registration-begin": POST_ONLY,
    "otp_webauthn:credential-registration-complete": POST_ONLY,
    "otp_webauthn:credential-authentication-begin": POST_ONLY,
    "otp_webauthn:credential-authentication-complete": POST_ONLY,
    "sign-in": PUBLIC, "health": PUBLIC, "public-referral": PUBLIC,
    "public-referral-sent": PUBLIC, "deadlines:feed": PUBLIC,  # the secret is the credential
    "sign-out": POST_ONLY, "case_forms:start": POST_ONLY, "deadlines:mark-read": POST_ONLY,
    "notification-summary": CASE_READERS,
    "cases:list": CASE_READERS, "cases:case": CASE_READERS,
    "cases:history": {BU, SCRUTINEER}, "cases:access-log": {SCRUTINEER, ADMIN},
    # Changes to accounts (roles, agencies, active flags, two-factor devices): no case data.
    "account-changes": {SCRUTINEER, ADMIN},
    "cases:decision-log": {BU, SCRUTINEER, MANAGER},
    # Downloads: the case list as its readers; the deadlines dashboard (served by the cases
    # app, which keeps the access log) as the dashboard's readers.
    "cases:download": CASE_READERS, "cases:deadlines-download": {BU, MANAGER},
    # A document the business unit added; the referral's author (another agency here) adds
    # attachments to their own referral only.
    "cases:documents": CASE_READERS, "cases:document": CASE_READERS, "cases:add-document": {BU},
    # The notification page: the business unit and the local authority's partner (every
    # user but the contributors belongs to the local authority here).
    "cases:notification": {BU, SP},
    "cases:action": {BU},  # the withdraw page
    "case_forms:list": EVERYONE | {OTHER_AGENCY},
    # The school contributor's own draft referral: its author's alone.
    "case_forms:task-list": {CONTRIBUTOR}, "case_forms:section": {CONTRIBUTOR},
    "case_forms:check": {CONTRIBUTOR}, "case_forms:submitted": {CONTRIBUTOR},
    "case_forms:delete": {CONTRIBUTOR},  # its author deletes a draft (a confirm page)
    # The school contributor's own submitted referral: its author adds the authorising
    # officer's agreement after submitting.
    "case_forms:authorising-officer": {CONTRIBUTOR},
    "deadlines:dashboard": {BU, MANAGER}, "deadlines:notices": EVERYONE | {OTHER_AGENCY},
    "deadlines:calendar": {BU, MANAGER, SP},
    "deadlines:delay-reason": {BU},  # the reason a statutory clock is late (issue 12)
    # The case's review has started: the business unit is sent to it.
    "reviews:start": {BU},
    "reviews:review": REVIEW_READERS, "reviews:panel-pack": REVIEW_READERS,
    # The pack kept as it was circulated: the panel of this review reads it too.
    "reviews:kept-panel-pack": REVIEW_READERS,
    "reviews:report": REVIEW_READERS,
    "reviews:requests": {BU}, "reviews:attendance": {BU}, "reviews:step": {BU},
    "reviews:parallel-processes": {BU},
    "reviews:outcome": {CHAIR},  # the chair of this panel (sent back: it has not met yet)
    # The school's return, in progress: the school's contributors change it; the business
    # unit, partners and scrutineer read it; this review's panel reads it only once it is
    # submitted (issue 17 point 11); no other agency sees it.
    "reviews:return": {BU, SP, SCRUTINEER, CONTRIBUTOR},
    "reviews:section": {CONTRIBUTOR}, "reviews:submit": {CONTRIBUTOR},
    "reviews:chronology-import": {CONTRIBUTOR}, "reviews:chronology-import-check": {CONTRIBUTOR},
    "reviews:reopen": {BU},  # sent back: only a submitted return is reopened
    "reviews:decide-known-agency": {BU},
    # An LCSPR in progress, the reviewer commissioned on it: they read it (and the case pages
    # of its case, not this world's other case); the steps and opening one are the business
    # unit's (opened already: the business unit is sent to it).
    "lcspr:lcspr": {BU, SP, SCRUTINEER, REVIEWER},
    "lcspr:step": {BU}, "lcspr:open": {BU},
    # Its terms of reference and their print: whoever reads the review, its reviewer too;
    # the pages of their rows (the governance group, here) are the business unit's.
    "lcspr:terms": {BU, SP, SCRUTINEER, REVIEWER},
    "lcspr:terms-pdf": {BU, SP, SCRUTINEER, REVIEWER},
    "lcspr:rows": {BU},
    # Action plans (issue 14): the manager chairs the Learning and Development group; the
    # school's contributors own the action (another agency's contributor sees the list of
    # plans, with none of theirs, and nothing of the school's action).
    "action_plans:plans": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR, OTHER_AGENCY},
    "action_plans:new": {BU, MANAGER},
    "action_plans:from-lcspr": {BU},  # the group's chair does not read the LCSPR here
    "action_plans:plan": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR},
    "action_plans:add-action": {BU, MANAGER},
    "action_plans:close": {MANAGER},  # the group: sent back, an action is still open
    "action_plans:action": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR},
    "action_plans:evidence": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR},
    "action_plans:step": {CONTRIBUTOR},  # the owning agency's update page
    # The action log and the exception report, with their files (issue 14 item 5): whoever
    # sees the list of plans; a contributor sees only their agency's actions in them.
    "action_plans:log": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR, OTHER_AGENCY},
    "action_plans:log-download": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR, OTHER_AGENCY},
    "action_plans:exceptions": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR, OTHER_AGENCY},
    "action_plans:exceptions-download": {BU, SP, SCRUTINEER, MANAGER, CONTRIBUTOR,
                                         OTHER_AGENCY},
    # The plan's learning (issue 14 item 6): the business unit and the group's chair record
    # it; the school's contributors read it on the plan, and record none.
    "learning:plan-step": {BU, MANAGER}, "learning:shared": {BU, MANAGER},
    # Its printable outputs: whoever reads the review; the report template is its reviewer's
    # above all.
    "lcspr:terms-docx": {BU, SP, SCRUTINEER, REVIEWER},
    "lcspr:summary-pdf": {BU, SP, SCRUTINEER, REVIEWER},
    "lcspr:report-template": {BU, SP, SCRUTINEER, REVIEWER},
    # Its practitioners and family: whoever reads the review, but not its reviewer, whom the
    # partners have not allowed to see them here; the business unit records them.
    "lcspr:engagement": {BU, SP, SCRUTINEER},
    "lcspr:engagement-access": {BU}, "lcspr:engagement-add": {BU},
    "lcspr:engagement-change": {BU},
    # Learning themes (issue 15 item 4): whoever reads every case sees the themes; the
    # business unit applies them to a case and its records.
    "oversight:index": CASE_READERS,
    "oversight:themes": {BU, SP, SCRUTINEER, MANAGER},
    "oversight:case-themes": {BU},
    # Timeliness of every clock (issue 15 item 2): whoever reads every case; counts, and the
    # case references behind them.
    "oversight:timeliness": CASE_READERS, "oversight:timeliness-clocks": CASE_READERS,
    "oversight:timeliness-download": CASE_READERS,
    # The pipeline (issue 15 item 1): whoever reads every case; counts, and the case
    # references at a stage.
    "oversight:pipeline": CASE_READERS, "oversight:pipeline-stage": CASE_READERS,
    # The annual report (issue 15 items 5 and 6): whoever reads oversight; counts only.
    "oversight:annual-report": CASE_READERS, "oversight:annual-report-download": CASE_READERS,
    "oversight:annual-report-table": CASE_READERS,
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the admin has its own tests (test_permissions)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row_in_the_matrix():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"decide who may open these pages, in MATRIX: {missing}"
    assert not set(MATRIX) - set(url_names()), "MATRIX names pages that no longer exist"


@pytest.fixture
def world():
    """A notified case in rapid review, the school asked for a return, a draft referral."""
    from django.urls import reverse

    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    council = AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY)
    people = {role: UserFactory(role=role, agency=school if role == CONTRIBUTOR else council)
              for role in Role.values}
    people[OTHER_AGENCY] = UserFactory(role=CONTRIBUTOR,
                                       agency=AgencyFactory(kind=Agency.Kind.POLICE))
    case = submitted_case(received_on=D(2026, 11, 2))
    unit = people[BU]
    case_services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 2))
    case_services.record_screening_decision(
        case=case, actor=people[SP], decision=Case.ScreeningDecision.NOTIFY,
        rationale="Criteria met", decided_on=D(2026, 11, 3))
    case_services.record_local_authority_awareness(case=case, actor=unit,
                                                   aware_on=D(2026, 11, 2))
    for recipient in Notification.Recipient.values[:3]:
        case_services.record_notification(case=case, actor=unit, recipient=recipient,
                                          notified_on=D(2026, 11, 6),
                                          channel=Notification.Channel.SECURE_EMAIL,
                                          sent_by="Priya Shah")
    review = services.start_rapid_review(case=case, actor=unit, decided_on=D(2026, 11, 9),
                                         decision_note="Decided by the Chair")
    review.panel.add(people[CHAIR])
    school_return = services.send_information_requests(review=review, actor=unit,
                                                       agencies=[school])[0]
    known = KnownAgency.objects.create(information_return=school_return, name="A nursery")
    draft = referral_services.start_referral(actor=people[CONTRIBUTOR])
    submitted = submitted_case(received_on=D(2026, 11, 2), created_by=people[CONTRIBUTOR])
    feed = CalendarFeed.objects.create(user=unit, token="a-secret-token")
    lcspr = _lcspr_in_progress(unit, people[REVIEWER])
    document = case_services.add_document(case=case, actor=unit, kind="agency_report",
                                          title="Police summary", upload=pdf_upload())
    pack = case_services.add_document(case=case, actor=unit, kind="panel_pack",
                                      title="Panel pack as circulated on 16 November 2026",
                                      upload=pdf_upload("panel-pack.pdf"))
    urls = {
        "notification-summary": reverse("notification-summary", args=[case.reference]),
        "cases:case": reverse("cases:case", args=[case.reference]),
        "cases:history": reverse("cases:history", args=[case.reference]),
        "cases:notification": reverse("cases:notification",
                                      args=[case.reference, "national_panel"]),
        "cases:action": reverse("cases:action", args=[case.reference, "withdraw"]),
        "cases:documents": reverse("cases:documents", args=[case.reference]),
        "cases:add-document": reverse("cases:add-document", args=[case.reference]),
        "cases:document": document.get_absolute_url(),
        "case_forms:task-list": reverse("case_forms:task-list", args=[draft.pk]),
        "case_forms:section": reverse("case_forms:section", args=[draft.pk, "route"]),
        "case_forms:check": reverse("case_forms:check", args=[draft.pk]),
        "case_forms:submitted": reverse("case_forms:submitted", args=[draft.pk]),
        "case_forms:delete": reverse("case_forms:delete", args=[draft.pk]),
        "case_forms:authorising-officer": reverse("case_forms:authorising-officer",
                                                  args=[submitted.referral.pk]),
        "cases:download": reverse("cases:download", args=["csv"]),
        "cases:deadlines-download": reverse("cases:deadlines-download", args=["xlsx"]),
        "deadlines:feed": reverse("deadlines:feed", args=[feed.token]),
        "two-factor-invitation": reverse("two-factor-invitation", args=["spent-or-unknown"]),
        "two-factor-passkey-remove": reverse("two-factor-passkey-remove", args=[
            _passkey_of(unit).pk]),
        "deadlines:delay-reason": reverse("deadlines:delay-reason", args=[
            case.deadlines.get(clock__code="notify_national_panel").pk]),
        "reviews:start": reverse("reviews:start", args=[case.reference]),
        "reviews:review": review.get_absolute_url(),
        "reviews:panel-pack": reverse("reviews:panel-pack", args=[review.pk]),
        "reviews:kept-panel-pack": reverse("reviews:kept-panel-pack",
                                           args=[review.pk, pack.pk]),
        "reviews:report": reverse("reviews:report", args=[review.pk]),
        "reviews:requests": reverse("reviews:requests", args=[review.pk]),
        "reviews:attendance": reverse("reviews:attendance", args=[review.pk]),
        "reviews:parallel-processes": reverse("reviews:parallel-processes", args=[review.pk]),
        "reviews:outcome": reverse("reviews:outcome", args=[review.pk]),
        "reviews:step": reverse("reviews:step", args=[review.pk, "meeting"]),
        "reviews:return": school_return.get_absolute_url(),
        "reviews:section": reverse("reviews:section", args=[school_return.pk, "synopsis"]),
        "reviews:submit": reverse("reviews:submit", args=[school_return.pk]),
        "reviews:chronology-import": reverse("reviews:chronology-import",
                                             args=[school_return.pk]),
        "reviews:chronology-import-check": reverse("reviews:chronology-import-check",
                                                   args=[school_return.pk]),
        "reviews:reopen": reverse("reviews:reopen", args=[school_return.pk]),
        "reviews:decide-known-agency": reverse("reviews:decide-known-agency",
                                               args=[known.pk]),
        "lcspr:lcspr": lcspr.get_absolute_url(),
        "lcspr:step": reverse("lcspr:step", args=[lcspr.pk, "withdraw"]),
        "lcspr:open": reverse("lcspr:open", args=[lcspr.case.reference]),
        "lcspr:terms": reverse("lcspr:terms", args=[lcspr.pk]),
        "lcspr:terms-pdf": reverse("lcspr:terms-pdf", args=[lcspr.pk]),
        "lcspr:rows": reverse("lcspr:rows", args=[lcspr.pk, "governance-group"]),
        "lcspr:terms-docx": reverse("lcspr:terms-docx", args=[lcspr.pk]),
        "lcspr:summary-pdf": reverse("lcspr:summary-pdf", args=[lcspr.pk]),
        "lcspr:report-template": reverse("lcspr:report-template", args=[lcspr.pk]),
        "lcspr:engagement": reverse("lcspr:engagement", args=[lcspr.pk]),
        "lcspr:engagement-access": reverse("lcspr:engagement-access", args=[lcspr.pk]),
        "lcspr:engagement-add": reverse("lcspr:engagement-add",
                                        args=[lcspr.pk, "family-member"]),
        "lcspr:engagement-change": reverse("lcspr:engagement-change", args=[
            lcspr.pk, "practitioner", _practitioner(lcspr, unit).pk]),
        "oversight:case-themes": reverse("oversight:case-themes", args=[case.reference]),
        "oversight:timeliness-clocks": reverse("oversight:timeliness-clocks",
                                               args=["notify_national_panel"]),
        "oversight:timeliness-download": reverse("oversight:timeliness-download",
                                                 args=["csv"]),
        "oversight:pipeline-stage": reverse("oversight:pipeline-stage",
                                            kwargs={"kind": "cases", "state": "referred"}),
        **_annual_report_urls(),
    }
    urls.update(_action_plan_urls(people, case, lcspr))
    return people, urls


def _passkey_of(user):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user, name="", confirmed=True, credential_id=b"matrix-passkey",
        public_key=b"public-key", sign_count=1, aaguid="00000000-0000-0000-0000-000000000000")


def _lcspr_in_progress(unit, reviewer):
    """Another case whose rapid review concluded with an LCSPR (put in that state directly:
    the LCSPR's own tests reach it through the rapid review), the reviewer commissioned."""
    from reviews.lcspr import services as lcspr_services

    case = submitted_case(received_on=D(2026, 11, 2))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.LCSPR_TO_COMMISSION)
    case.refresh_from_db()
    lcspr = lcspr_services.open_lcspr(case=case, actor=unit, decided_on=D(2026, 11, 9))
    lcspr_services.start_commissioning(lcspr=lcspr, actor=unit, reviewer_kind="independent",
                                       procurement="regional_framework",
                                       started_on=D(2026, 11, 10))
    commission = lcspr_services.assess_reviewer(
        lcspr=lcspr, actor=unit, reviewer=reviewer, assessed_on=D(2026, 11, 13),
        practice_knowledge="yes",
        research_knowledge="yes", recognises_complexity="yes", communicates_findings="yes",
        assessment_notes="Three published reviews", conflict="none")
    lcspr_services.commission_reviewer(lcspr=lcspr, actor=unit, commission=commission,
                                       commissioned_on=D(2026, 11, 16))
    return lcspr


def _practitioner(lcspr, unit):
    """A practitioner of the LCSPR, to change."""
    from reviews.lcspr.engagement import services as engagement

    return engagement.record_practitioner(lcspr=lcspr, actor=unit, name="Sam Carter",
                                          role="Health visitor", organisation="A GP practice",
                                          engagement="interview")


def _action_plan_urls(people, case, lcspr) -> dict[str, str]:
    """A learning review's plan of the case, the manager chairing the Learning and
    Development group, one action of the school agreed, with an update and its document."""
    from django.urls import reverse

    from reviews.action_plans import services as plans
    from safeguarding.dates import today
    from safeguarding.models import LearningGroup

    LearningGroup.objects.create(chair=people[MANAGER])
    plan = plans.start_plan(actor=people[BU], source="multi_agency_learning", title="Review",
                            scope="multi_agency", case=case)
    action = plans.propose_action(plan=plan, actor=people[BU], action="Audit",
                                  owner_agency=people[CONTRIBUTOR].agency, due_on=today())
    plans.agree_action(action=action, actor=people[MANAGER], agreed_on=today())
    update = plans.record_update(action=action, actor=people[CONTRIBUTOR], written_on=today(),
                                 text="Started", upload=pdf_upload("audit.pdf"))
    return {
        "action_plans:from-lcspr": reverse("action_plans:from-lcspr", args=[lcspr.pk]),
        "action_plans:plan": plan.get_absolute_url(),
        "action_plans:add-action": reverse("action_plans:add-action", args=[plan.pk]),
        "action_plans:close": reverse("action_plans:close", args=[plan.pk]),
        "action_plans:action": action.get_absolute_url(),
        "action_plans:evidence": reverse("action_plans:evidence",
                                         args=[action.pk, update.document_id]),
        "action_plans:step": reverse("action_plans:step", args=[action.pk, "update"]),
        "action_plans:log-download": reverse("action_plans:log-download", args=["csv"]),
        "action_plans:exceptions-download": reverse("action_plans:exceptions-download",
                                                    args=["xlsx"]),
        "learning:plan-step": reverse("learning:plan-step", args=[plan.pk, "share"]),
        "learning:shared": reverse("learning:shared", args=[_planned_learning(people, plan).pk]),
    }


def _planned_learning(people, plan):
    from reviews.learning import services as learning

    return learning.plan_sharing(plan=plan, actor=people[BU], what="Seven-minute briefing",
                                 how="briefing", audience="Designated safeguarding leads",
                                 planned_for=D(2027, 1, 29))


def _annual_report_urls() -> dict[str, str]:
    """The files of the latest reporting year that has ended (the Excel workbook: quicker
    than the PDF)."""
    from django.urls import reverse

    from oversight.periods import latest_reporting_year
    from safeguarding.dates import today

    year = latest_reporting_year(today()).start.year
    return {"oversight:annual-report-download": reverse("oversight:annual-report-download",
                                                        args=[year, "xlsx"]),
            "oversight:annual-report-table": reverse("oversight:annual-report-table",
                                                     args=[year, "actions"])}


def url_of(name: str, urls: dict) -> str:
    from django.urls import reverse

    return urls.get(name) or reverse(name)


VISITORS = [*Role.values, OTHER_AGENCY, "anonymous"]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_open_each_page(world, name):
    people, urls = world
    url, allowed = url_of(name, urls), MATRIX[name]
    wrong = []
    for visitor in VISITORS:
        client = Client()
        if visitor != "anonymous":
            client.force_login(people[visitor])
        status = client.get(url).status_code
        if allowed == PUBLIC:
            expected = status in (200, 302)
        elif allowed == POST_ONLY:
            expected = status == 405 or (visitor == "anonymous" and status == 302)
        elif visitor == "anonymous":
            expected = status == 302
        elif visitor in allowed:
            response = client.get(url)
            expected = status == 200 or (
                status == 302 and not response["Location"].startswith("/sign-in/"))
        else:
            expected = status in (403, 404)
        if not expected:
            wrong.append(f"{visitor}: {status}")
    assert not wrong, f"{name} ({url}): {', '.join(wrong)}"


def test_anonymous_visitors_are_sent_to_sign_in(world):
    _people, urls = world
    response = Client().get(urls["reviews:return"])
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
