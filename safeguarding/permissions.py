"""Every permission rule of the service, in one module.

We use the `rules` package: a permission is a predicate over (user, object) written in
Python, so need-to-know rules such as "an agency contributor sees only their own agency's
returns" are plain code, tested like code, and need no permission rows in the database that
could drift from the procedures. Views ask ``user.has_perm("app.action_model", obj)``;
templates use ``{% has_perm %}`` from ``rules``.

Later capabilities add their rules here, next to the role predicates they build on.
"""

import rules

from .models import Role


def has_role(*roles: Role) -> rules.Predicate:
    names = "_or_".join(roles)

    @rules.predicate(name=f"is_{names}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_business_unit = has_role(Role.BUSINESS_UNIT)
is_safeguarding_partner = has_role(Role.SAFEGUARDING_PARTNER)
is_panel_chair = has_role(Role.PANEL_CHAIR)
is_panel_member = has_role(Role.PANEL_CHAIR, Role.PANEL_MEMBER)
is_agency_contributor = has_role(Role.AGENCY_CONTRIBUTOR)
is_reviewer = has_role(Role.REVIEWER)
is_scrutineer = has_role(Role.SCRUTINEER)
is_manager = has_role(Role.MANAGER)
is_administrator = has_role(Role.ADMINISTRATOR)


# Administrators look after agencies and users in the Django admin. Nothing is deleted:
# people and agencies that leave are made inactive, so their history stays readable.
rules.add_perm("safeguarding", is_administrator)
for _model in ("agency", "user", "localpolicy", "learninggroup"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"safeguarding.{_action}_{_model}", is_administrator)
# The audit log of changes to accounts (roles, agencies, active flags, two-factor devices):
# the scrutineer reads it, and the administrators who make the changes.
rules.add_perm("safeguarding.view_account_changes", is_scrutineer | is_administrator)


# Cases. The business unit runs every case; the partners decide; the scrutineer and
# managers read. An agency contributor sees only the referrals they made (case_forms rules).
is_local_authority_partner = is_safeguarding_partner & rules.predicate(
    lambda user: user.agency.kind == "local_authority", name="is_of_local_authority"
)
reads_cases = is_business_unit | is_safeguarding_partner | is_scrutineer | is_manager


# A reviewer commissioned on an LCSPR reads that review and, read-only, its case: the case
# page, its rapid review, the agencies' returns and the case's documents; nothing of any
# other case, and nothing once their commission ends (the review closed, withdrawn or
# merged, or the partners ended it). Written without importing the reviews app: the
# commissions are reached through the user.
def _case_id_of(record) -> int | None:
    if record is None:
        return None
    if record._meta.label_lower == "cases.case":
        return record.pk
    if hasattr(record, "case_id"):  # the LCSPR, the rapid review, a document
        return record.case_id
    review = getattr(record, "review", None)  # an information return
    return review.case_id if review is not None else None


@rules.predicate
def is_commissioned_on_its_review(user, record) -> bool:
    case_id = _case_id_of(record)
    return case_id is not None and user.lcspr_commissions.filter(
        lcspr__case_id=case_id, commissioned_on__isnull=False, ended_on__isnull=True).exists()


commissioned_reviewer = is_reviewer & is_commissioned_on_its_review

# The members of an LCSPR's governance group who have an account see their review while it
# runs (004 section 9.1: the group agrees its scope and terms of reference; 14.5: it comments
# on the drafts), whatever their role: the review, its terms of reference and report, and no
# more of its case than the reviewer commissioned on it; nothing once the review is closed,
# withdrawn or merged, and nothing of any other review.
ENDED_LCSPR = ("closed", "withdrawn", "merged")


@rules.predicate
def is_in_its_governance_group(user, record) -> bool:
    case_id = _case_id_of(record)
    return case_id is not None and user.lcspr_governance_memberships.filter(
        lcspr__case_id=case_id).exclude(lcspr__status__in=ENDED_LCSPR).exists()


# An administrator reads no case, whichever group they are put in (issue 17 point 10).
governance_member = (rules.is_authenticated & rules.is_active & ~is_administrator
                     & is_in_its_governance_group)
# Who reads an LCSPR and, read-only and narrowly, its case without reading every case.
sees_its_review = commissioned_reviewer | governance_member

rules.add_perm("cases.view_case", reads_cases | sees_its_review)
# The case page in full (the referral's answers, the steps, the timeline of decisions, the
# clocks) and the notification summary: for those who read every case. The reviewer and the
# governance group see an overview: the reference, its documents, its reviews.
rules.add_perm("cases.view_case_in_full", reads_cases)
rules.add_perm("cases.view_case_history", is_business_unit | is_scrutineer)
# A public referral's receipt code (issue 17 point 12): the business unit, which answers the
# telephone, sees it on the case page and finds the case by it in the case list.
rules.add_perm("cases.view_receipt_code", is_business_unit)
rules.add_perm("cases.view_access_log", is_scrutineer | is_administrator)
rules.add_perm("cases.view_decision_log", is_business_unit | is_scrutineer | is_manager)
rules.add_perm("cases.inform_partners", is_business_unit)
rules.add_perm("cases.record_screening_decision", is_safeguarding_partner)
rules.add_perm("cases.record_notification", is_business_unit | is_local_authority_partner)
rules.add_perm("cases.record_learning_decision", is_business_unit | is_manager)
# The Learning and Development group's decision goes to the partners for approval (004
# section 10.7): a safeguarding partner approves it or sends it back.
rules.add_perm("cases.approve_learning_decision", is_safeguarding_partner)
rules.add_perm("cases.record_referrer_feedback", is_business_unit)
rules.add_perm("cases.withdraw_case", is_business_unit)
rules.add_perm("cases.merge_case", is_business_unit)
rules.add_perm("cases.correct_date", is_business_unit)


# Documents kept with a case. The business unit adds them; whoever reads the case reads them.
# The agency contributor who made the referral may add attachments to it while the case is
# open, and sees only the documents they added.
@rules.predicate
def made_the_referral(user, case) -> bool:
    referral = getattr(case, "referral", None) if case is not None else None
    return referral is not None and referral.created_by_id == user.pk


@rules.predicate
def uploaded_the_document(user, document) -> bool:
    return document is not None and document.uploaded_by_id == user.pk


rules.add_perm("cases.view_documents", reads_cases | (is_agency_contributor & made_the_referral)
               | sees_its_review)


@rules.predicate
def is_an_open_case(user, case) -> bool:
    return case is not None and case.is_open


# The kinds of document (cases.Document.Kind's values) each role may add to a case: the one
# table that the "Add a document" page's choices, cases.services.add_document and the
# cases.add_document permission read. The business unit adds any kind, to any case (the
# panel pack only by circulating it: the page does not offer it); the referrer adds
# attachments to their own referral's case, only while it is open. A role not here adds none.
DOCUMENT_KINDS: dict[str, frozenset[str]] = {
    Role.BUSINESS_UNIT: frozenset({
        "referral_attachment", "agency_report", "rapid_review_report", "panel_pack",
        "panel_correspondence", "review_draft", "other"}),
    Role.AGENCY_CONTRIBUTOR: frozenset({"referral_attachment"}),
}
adds_documents = is_business_unit | (is_agency_contributor & made_the_referral & is_an_open_case)


def document_kinds(user, case) -> frozenset[str]:
    """The kinds of document ``user`` may add to ``case`` now: none when they may not."""
    if not adds_documents.test(user, case):
        return frozenset()
    return DOCUMENT_KINDS.get(user.role, frozenset())


rules.add_perm("cases.add_document", rules.predicate(
    lambda user, case: bool(document_kinds(user, case)), name="may_add_a_kind_of_document"))
rules.add_perm("cases.view_document", reads_cases | uploaded_the_document | sees_its_review)


# Referrals (the forms app, label case_forms).
@rules.predicate
def is_referral_author(user, referral) -> bool:
    return referral is not None and referral.created_by_id == user.pk


@rules.predicate
def is_draft(user, referral) -> bool:
    return referral is not None and referral.status == "draft"


# Who refers (issue 17 point 11): the partner agencies' staff submit referrals and the
# business unit logs those it is told of (DESIGN: who uses it); no other role starts one.
refers = is_business_unit | is_agency_contributor
rules.add_perm("case_forms.add_referral", refers)
rules.add_perm("case_forms.change_referral", is_referral_author & is_draft)
@rules.predicate
def is_submitted(user, referral) -> bool:
    return referral is not None and referral.status == "submitted"


# A draft is its author's alone until it is submitted.
rules.add_perm("case_forms.view_referral", is_referral_author | (is_submitted & reads_cases))
# Its author may add the authorising officer's agreement after submitting (002 Appendix 2:
# "If information is unavailable do not delay in making this referral").
rules.add_perm("case_forms.add_authorising_officer", is_referral_author & is_submitted)


# Deadlines: administrators keep the calendar's corrections and closures and the local
# timescale policy (a statutory clock can be tightened, never loosened: deadlines.services).
rules.add_perm("deadlines", is_administrator)
for _model in ("calendarday", "clock"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"deadlines.{_action}_{_model}", is_administrator)
rules.add_perm("deadlines.delete_calendarday", is_administrator)
rules.add_perm("deadlines.view_dashboard", is_business_unit | is_manager)
rules.add_perm("deadlines.use_calendar_feed",
               is_business_unit | is_manager | is_safeguarding_partner)
# Why a statutory clock was met late or is overdue (criminal proceedings, an inquest...), for
# the Panel: the business unit, which runs the clocks, gives it and changes it.
rules.add_perm("deadlines.record_delay_reason", is_business_unit)


# Rapid reviews (reviews). The business unit runs them; an agency sees only its own agency's
# information returns, and only for reviews it was asked to help with; the partners, the
# scrutineer and the panel of that review read every return.
@rules.predicate
def is_of_the_returns_agency(user, information_return) -> bool:
    return information_return is not None and information_return.agency_id == user.agency_id


@rules.predicate
def is_open_return(user, information_return) -> bool:
    """Not started or in progress: neither submitted nor closed when the review was sent."""
    return information_return is not None and information_return.status in ("requested",
                                                                              "draft")


@rules.predicate
def is_rapid_review_return(user, information_return) -> bool:
    """Asked for by the rapid review, not by a later LCSPR of the case."""
    return information_return is not None and information_return.lcspr_id is None


@rules.predicate
def is_submitted_return(user, information_return) -> bool:
    return information_return is not None and information_return.status == "submitted"


@rules.predicate
def asked_by_an_ended_lcspr(user, information_return) -> bool:
    """Asked for by a later LCSPR of the case that has since ended (the case moved on)."""
    return information_return is not None and information_return.lcspr_id is not None and (
        information_return.review.case.status == "lcspr_ended")


@rules.predicate
def is_on_the_panel(user, record) -> bool:
    review = getattr(record, "review", record)
    return review is not None and review.panel.filter(pk=user.pk).exists()


reads_reviews = is_business_unit | is_safeguarding_partner | is_scrutineer

rules.add_perm("reviews.view_rapidreview", reads_reviews | (is_panel_member & is_on_the_panel)
               | sees_its_review)
rules.add_perm("reviews.start_rapid_review", is_business_unit)
rules.add_perm("reviews.send_information_requests", is_business_unit)
rules.add_perm("reviews.decide_known_agency", is_business_unit)
rules.add_perm("reviews.reopen_information_return", is_business_unit)
# An LCSPR's requests to agencies (004 section 8.6): the agency asked sees its own return and
# nothing else of the review; the review's reviewer and governance group read a return once it
# is submitted; the rapid review's panel reads only the rapid review's returns, once submitted
# (an agency's draft is its own until it sends it: issue 17 point 11).
rules.add_perm("reviews.view_information_return",
               reads_reviews | (is_panel_member & is_on_the_panel & is_rapid_review_return
                                & is_submitted_return)
               | (is_agency_contributor & is_of_the_returns_agency)
               | (sees_its_review & (is_rapid_review_return | is_submitted_return)))
rules.add_perm("reviews.change_information_return",
               is_agency_contributor & is_of_the_returns_agency & is_open_return
               & ~asked_by_an_ended_lcspr)
rules.add_perm("reviews.run_rapid_review", is_business_unit)
rules.add_perm("reviews.record_recommendation", is_panel_chair & is_on_the_panel)


@rules.predicate
def is_statutory_partner_representative(user) -> bool:
    from .models import Agency

    return user.agency.kind in Agency.STATUTORY_PARTNER_KINDS


rules.add_perm("reviews.sign_off_rapid_review",
               is_safeguarding_partner & is_statutory_partner_representative)


@rules.predicate
def partners_decide_with_the_scrutineer(user) -> bool:
    from .models import LocalPolicy

    return (LocalPolicy.current().rapid_review_decision_by
            == LocalPolicy.RapidReviewDecisionBy.PARTNERS_AND_SCRUTINEER)


# The partners' decision on a rapid review's recommendation. There is no partnership chair
# role: the scrutineer role is the independent scrutineer / partnership chair, so under
# either local policy a scrutineer records it (000 stage 7: the partnership chair decides).
# Under Darlington's policy (004 section 6.10) the three partners decide with the
# independent scrutineer, so a statutory partner's representative may record it too.
rules.add_perm("reviews.record_partners_decision",
               is_scrutineer | (is_safeguarding_partner & is_statutory_partner_representative
                                & partners_decide_with_the_scrutineer))


# LCSPRs (reviews). The business unit opens and runs them; the partners and the scrutineer
# read them; the reviewer reads the one they are commissioned on while the commission runs,
# and its governance group's members their review while it runs.
rules.add_perm("reviews.view_lcspr", reads_reviews | sees_its_review)
rules.add_perm("reviews.open_lcspr", is_business_unit)
rules.add_perm("reviews.run_lcspr", is_business_unit)
# The report (issue 13 item 8): the reviewer commissioned on the review, or the business
# unit, uploads its versions; the partners, the scrutineer, the business unit (for the
# governance and Learning and Development groups) and the members of the review's governance
# group (004 section 14.5) comment; the three partners and the independent scrutineer sign
# off the final report, each for themselves.
rules.add_perm("reviews.upload_lcspr_report", is_business_unit | commissioned_reviewer)
rules.add_perm("reviews.comment_on_lcspr_report", reads_reviews | governance_member)
# A member of the group who does not read every review comments for the governance group only.
rules.add_perm("reviews.comment_for_any_group", reads_reviews)
rules.add_perm("reviews.sign_off_lcspr_report",
               (is_safeguarding_partner & is_statutory_partner_representative) | is_scrutineer)
# 004 section 8.6: the reviewer reports their progress on the review they are commissioned
# on (the business unit records a report sent to it).
rules.add_perm("reviews.report_lcspr_progress", is_business_unit | commissioned_reviewer)


# Practitioners and family (issue 13 items 5 and 12): whoever reads the review reads them;
# the reviewer commissioned on it only when the partners allow it (a setting on the review),
# and then records their contacts with the family and practitioners too.
@rules.predicate
def partners_let_the_reviewer_see_engagement(user, record) -> bool:
    lcspr = getattr(record, "lcspr", record)  # the review, or one of its rows
    return bool(getattr(lcspr, "reviewer_sees_engagement", False))


reviewer_sees_engagement = partners_let_the_reviewer_see_engagement & commissioned_reviewer
rules.add_perm("reviews.view_lcspr_engagement", reads_reviews | reviewer_sees_engagement)
rules.add_perm("reviews.record_lcspr_engagement_contact",
               is_business_unit | reviewer_sees_engagement)


# Action plans (reviews/action_plans; 004 sections 9.2, 16.2). The Learning and Development
# group (kept by the administrator) approves the actions, accepts their evidence and decides
# extensions; the business unit drafts plans with it; the owning agency's contributors see and
# update only their own agency's actions; the agency's named head of service and chief
# officer see the actions escalated to them, and the chief officer asks for an extension.
@rules.predicate
def is_learning_group_member(user) -> bool:
    """A member or the chair of an active group; read once per request's user object."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.ADMINISTRATOR:
        return False  # they keep the group, and read no case through it
    if not hasattr(user, "_in_learning_group"):
        from django.db.models import Q

        from .models import LearningGroup

        user._in_learning_group = LearningGroup.objects.filter(
            Q(chair=user) | Q(members=user), is_active=True).exists()
    return user._in_learning_group


@rules.predicate
def is_of_the_owning_agency(user, action) -> bool:
    return action is not None and action.owner_agency_id == user.agency_id


@rules.predicate
def is_named_by_the_owning_agency(user, action) -> bool:
    """The owning agency's head of service or chief officer."""
    return action is not None and user.pk in (action.owner_agency.head_of_service_id,
                                              action.owner_agency.chief_officer_id)


@rules.predicate
def is_the_owning_agencys_chief_officer(user, action) -> bool:
    return action is not None and action.owner_agency.chief_officer_id == user.pk


@rules.predicate
def owns_an_action_in_the_plan(user, plan) -> bool:
    return plan is not None and plan.actions.filter(owner_agency_id=user.agency_id).exists()


@rules.predicate
def owns_an_action_of_the_case(user, case) -> bool:
    return case is not None and user.agency.owned_actions.filter(plan__case_id=case.pk).exists()


reads_action_plans = (is_business_unit | is_safeguarding_partner | is_scrutineer | is_manager
                      | is_learning_group_member)

rules.add_perm("reviews.view_action_plans", reads_action_plans | is_agency_contributor)
rules.add_perm("reviews.view_every_action", reads_action_plans)
rules.add_perm("reviews.view_actionplan",
               reads_action_plans | (is_agency_contributor & owns_an_action_in_the_plan))
rules.add_perm("reviews.view_action",
               reads_action_plans | (is_agency_contributor & is_of_the_owning_agency)
               | is_named_by_the_owning_agency)
rules.add_perm("reviews.run_action_plan", is_business_unit | is_learning_group_member)
rules.add_perm("reviews.approve_actions", is_learning_group_member)
rules.add_perm("reviews.update_action", is_agency_contributor & is_of_the_owning_agency)
# A document as evidence of progress is kept with the case (cases.add_document).
rules.add_perm("reviews.add_action_evidence", is_agency_contributor & owns_an_action_of_the_case)
rules.add_perm("reviews.request_extension",
               is_business_unit | is_the_owning_agencys_chief_officer)
rules.add_perm("reviews.record_escalation_response",
               is_business_unit | is_learning_group_member | is_named_by_the_owning_agency)
# Learning dissemination (reviews/learning; 002 section 10, 004 sections 9.3, 15.6): the
# business unit and the group record and plan it; it is read with the plan (an agency's
# contributors read it on the plans they have actions in).
rules.add_perm("reviews.record_learning", is_business_unit | is_learning_group_member)


# Oversight (oversight/): the pipeline, timeliness, learning themes and the annual report,
# read by those who read every case; the business unit applies themes; an administrator
# keeps the themes taxonomy.
rules.add_perm("oversight.view_oversight", is_business_unit | is_manager | is_scrutineer
               | is_safeguarding_partner)
rules.add_perm("oversight.apply_themes", is_business_unit)
rules.add_perm("oversight", is_administrator)
for _action in ("view", "add", "change"):
    rules.add_perm(f"oversight.{_action}_learningtheme", is_administrator)

# Two-factor devices: an administrator removes a lost authenticator app, passkey or security
# key (or recovery codes) so that its owner sets one up again at their next sign-in.
for _app, _model in (("otp_totp", "totpdevice"), ("otp_static", "staticdevice"),
                     ("django_otp_webauthn", "webauthncredential")):
    rules.add_perm(_app, is_administrator)
    for _action in ("view", "delete"):
        rules.add_perm(f"{_app}.{_action}_{_model}", is_administrator)
