"""The transitions of an LCSPR, and the two it adds to the case (the review is under way once
its reviewer is commissioned; it ends when closed, withdrawn or merged). Declared once: the
services make them, the pages ask which are open and why not.

The lifecycle (004 sections 8, 14-16; 002 sections 8-9): decided → commissioning → in
progress → draft report → final report signed off → sent to the National Panel, the
Secretary of State and Ofsted → published, or decided not to publish → closed; withdrawn or
merged with another review, with the reason, at any point before the report is out.

The draft, sign-off, sending and publication steps are simple records for now (a date and
who recorded it). Later slices add what each needs first with ``requires`` (the drafts and
sign-offs bound to a version of the report, the redaction check before anything is sent or
published), without redeclaring the transitions."""

from collections.abc import Iterable

from django.urls import reverse

from cases.models import Case
from cases.workflow import CASE
from deadlines.services import sync
from safeguarding import workflow
from safeguarding.models import User
from safeguarding.workflow import Guard, transition

from .dates import current_commission
from .models import Lcspr, LcsprNotice

S = Lcspr.Status
C = Case.Status
BUSINESS_UNIT = "the business unit"
# Before the report is out: the review can still be withdrawn or merged.
ACTIVE = {S.DECIDED, S.COMMISSIONING, S.IN_PROGRESS, S.DRAFT_REPORT, S.SIGNED_OFF, S.SENT}
OPEN = ACTIVE | {S.PUBLISHED, S.NOT_PUBLISHED}
ENDED = {S.CLOSED, S.WITHDRAWN, S.MERGED}
COMMISSIONED = {S.IN_PROGRESS, S.DRAFT_REPORT, S.SIGNED_OFF, S.SENT, S.PUBLISHED,
                S.NOT_PUBLISHED}
RECIPIENTS = LcsprNotice.Recipient


def step_page(slug: str):
    return lambda lcspr: reverse("lcspr:step", args=[lcspr.pk, slug])


# What later slices add before a step (``requires``): each a guard, saying why not yet.

_required: dict[str, list[Guard]] = {}


def requires(name: str, guard: Guard) -> None:
    """A later slice adds a condition to one of the LCSPR's steps (its guard returns why the
    step cannot be made yet, or "")."""
    if name not in LCSPR.transitions:
        raise ValueError(f"The LCSPR has no step {name}")
    _required.setdefault(name, []).append(guard)


def _added_by_later_slices(name: str) -> Guard:
    def guard(lcspr: Lcspr, user: User | None) -> str:
        return next((reason for added in _required.get(name, ())
                     if (reason := added(lcspr, user))), "")
    return guard


# Guards: each returns why the change cannot be made yet, or "".

def told(lcspr: Lcspr, about: str) -> dict[str, LcsprNotice]:
    """The recipients told of the decision, or of the reviewer commissioned now."""
    commission = current_commission(lcspr) if about == LcsprNotice.About.REVIEWER else None
    return {notice.recipient: notice for notice in lcspr.notices.all()
            if notice.about == about
            and (about == LcsprNotice.About.DECISION
                 or (commission is not None and notice.commission_id == commission.pk))}


def not_told(lcspr: Lcspr, about: str) -> list[str]:
    """The recipients still to be told, in their order."""
    done = told(lcspr, about)
    return [recipient for recipient in RECIPIENTS.values if recipient not in done]


def _names(recipients: Iterable[str]) -> str:
    return ", ".join(str(RECIPIENTS(recipient).label) for recipient in recipients)


def _someone_to_tell_of_decision(lcspr: Lcspr, user) -> str:
    return "" if not_told(lcspr, LcsprNotice.About.DECISION) else (
        "The National Panel, Ofsted and DfE have all been told of the decision")


def _all_told_of_decision(lcspr: Lcspr, user) -> str:
    missing = not_told(lcspr, LcsprNotice.About.DECISION)
    return f"Still to be told of the decision: {_names(missing)}" if missing else ""


def _someone_to_tell_of_reviewer(lcspr: Lcspr, user) -> str:
    if current_commission(lcspr) is None:
        return "No reviewer is commissioned now"
    return "" if not_told(lcspr, LcsprNotice.About.REVIEWER) else (
        "The National Panel, Ofsted and DfE have all been told of the reviewer")


def _all_told_of_reviewer(lcspr: Lcspr, user) -> str:
    if current_commission(lcspr) is None:
        return "No reviewer is commissioned now"
    missing = not_told(lcspr, LcsprNotice.About.REVIEWER)
    return f"Still to be told of the reviewer: {_names(missing)}" if missing else ""


def _a_reviewer_may_be_commissioned(lcspr: Lcspr, user) -> str:
    assessed = list(lcspr.commissions.all())
    if any(commission.may_be_commissioned for commission in assessed):
        return ""
    if not assessed:
        return "Assess a reviewer against the criteria for a reviewer first"
    return ("No reviewer assessed yet meets the criteria with no conflict of interest "
            "that prevents the commission: assess another")


def _after(lcspr: Lcspr) -> None:
    """The review's clocks, and the case's (told of the decision: rapid review's clocks)."""
    sync(lcspr)
    sync(lcspr.case)
    for milestone in lcspr.milestones.all():  # the timetable's clocks (withdrawn: waived)
        sync(milestone)
    for asked in lcspr.information_returns.select_related("review__case", "agency"):
        sync(asked)  # the agencies' returns it asked for (ended: waived)


def _run(name: str, label: str, *, done: str, sources, target=None, slug: str = "",
         guards=(), later: bool = False) -> workflow.Transition:
    """A change the business unit makes to an LCSPR."""
    return transition(name, label, done=done, sources=sources, target=target,
                      permission="reviews.run_lcspr", who=BUSINESS_UNIT,
                      page=step_page(slug) if slug else None,
                      guards=[*guards, *([_added_by_later_slices(name)] if later else [])])


def _automatic(name: str, label: str, *, sources, guards) -> workflow.Transition:
    return transition(name, label, done=label, sources=sources, guards=guards,
                      who=BUSINESS_UNIT, automatic=True)


LCSPR = workflow.declare(
    workflow.Workflow(
        model=Lcspr, noun="LCSPR", states=Lcspr.Status, case_id=lambda lcspr: lcspr.case_id,
        describe=lambda lcspr: "LCSPR", after=_after,
        finished=lambda lcspr: lcspr.status in ENDED,
        colours={**{state: "blue" for state in S}, S.PUBLISHED: "green",
                 S.NOT_PUBLISHED: "orange", S.CLOSED: "grey", S.WITHDRAWN: "grey",
                 S.MERGED: "grey"}),
    # Made when the rapid review concludes with an LCSPR (or opened by the business unit for
    # a case whose rapid review concluded so before LCSPRs were kept here).
    transition("decide", "Open the LCSPR", done="LCSPR decided: the partners' decision to "
               "initiate the review recorded", sources=(), target=S.DECIDED,
               permission="reviews.open_lcspr", who=BUSINESS_UNIT),
    # 002 section 8: "as soon as they have determined that a local review will be carried
    # out, they should inform the Panel, Ofsted and DfE, including the name of any reviewer
    # they have commissioned". Each recipient, and the date, as they are told.
    _run("tell_of_decision", "Record who was told of the decision",
         done="Told of the decision to hold the LCSPR", sources=OPEN, slug="tell-decision",
         guards=[_someone_to_tell_of_decision]),
    _automatic("all_told_of_decision", "National Panel, Ofsted and DfE told of the decision",
               sources=OPEN, guards=[_all_told_of_decision]),
    # 004 sections 8.1 and 8.7; 002 section 9.
    _run("start_commissioning", "Start commissioning the reviewer",
         done="Commissioning of the reviewer started", sources={S.DECIDED},
         target=S.COMMISSIONING, slug="commissioning"),
    _run("assess_reviewer", "Assess a reviewer", done="Reviewer assessed against the criteria",
         sources={S.COMMISSIONING}, slug="assessment"),
    _run("commission_reviewer", "Commission the reviewer", done="Reviewer commissioned",
         sources={S.COMMISSIONING}, target=S.IN_PROGRESS, slug="commission",
         guards=[_a_reviewer_may_be_commissioned], later=True),
    _run("tell_of_reviewer", "Record who was told of the reviewer",
         done="Told of the reviewer commissioned", sources=COMMISSIONED,
         slug="tell-reviewer", guards=[_someone_to_tell_of_reviewer]),
    _automatic("all_told_of_reviewer", "National Panel, Ofsted and DfE told of the reviewer",
               sources=COMMISSIONED, guards=[_all_told_of_reviewer]),
    _run("end_commission", "End the reviewer's commission", done="Reviewer's commission "
         "ended: another reviewer to be commissioned", sources={S.IN_PROGRESS, S.DRAFT_REPORT},
         target=S.COMMISSIONING, slug="end-commission"),
    # Simple records for now (see the module's words).
    # Made by uploading a version of the report (reviews/lcspr/reports): the reviewer
    # commissioned on the review or the business unit; a new version after the sign-off
    # voids it (004 section 16.1).
    transition("record_draft_report", "Upload a version of the report",
               done="Version of the report received",
               sources={S.IN_PROGRESS, S.DRAFT_REPORT, S.SIGNED_OFF}, target=S.DRAFT_REPORT,
               permission="reviews.upload_lcspr_report",
               who="the reviewer commissioned on the review or the business unit",
               page=step_page("draft"), guards=[_added_by_later_slices("record_draft_report")]),
    _run("sign_off_final_report", "Record the sign-off of the final report",
         done="Final report signed off by the partners and the independent scrutineer",
         sources={S.DRAFT_REPORT}, target=S.SIGNED_OFF, slug="sign-off", later=True),
    _run("record_report_sent", "Record that the final report was sent",
         done="Final report sent to the National Panel, the Secretary of State and Ofsted",
         sources={S.SIGNED_OFF}, target=S.SENT, slug="sent", later=True),
    _run("record_publication", "Record the publication", done="Report published",
         sources={S.SENT}, target=S.PUBLISHED, slug="publication", later=True),
    _run("decide_not_to_publish", "Record the decision not to publish",
         done="Partners decided not to publish: the justification set out to the National "
              "Panel and the Secretary of State", sources={S.SENT}, target=S.NOT_PUBLISHED,
         slug="not-published", later=True),
    _run("close", "Close the review", done="LCSPR closed", sources={S.PUBLISHED,
         S.NOT_PUBLISHED}, target=S.CLOSED, slug="close"),
    _run("withdraw", "Withdraw the review", done="LCSPR withdrawn", sources=ACTIVE,
         target=S.WITHDRAWN, slug="withdraw"),
    _run("merge", "Merge with another review", done="LCSPR merged with another review",
         sources=ACTIVE, target=S.MERGED, slug="merge"),
    _run("correct_date", "Correct a recorded date", done="Recorded date corrected",
         sources=set(S), slug="correct-date"),
)

# Terms of reference and governance (004 sections 8.2-8.6, 9.1; 001) and the parallel
# processes (004 section 11): issue 13 items 4 and 6. Records on the review, none moving
# its state; agreeing the terms of reference is one step, once they are complete.

BEFORE_THE_REPORT = {S.DECIDED, S.COMMISSIONING, S.IN_PROGRESS, S.DRAFT_REPORT}
REVIEWING = {S.IN_PROGRESS, S.DRAFT_REPORT}


def terms_of(lcspr: Lcspr):
    """The review's terms of reference, or None for a review opened before they were kept."""
    return getattr(lcspr, "terms", None)


def _terms_not_agreed(lcspr: Lcspr, user) -> str:
    terms = terms_of(lcspr)
    if terms is not None and terms.agreed_on:
        return f"The terms of reference were agreed on {terms.agreed_on:%-d %B %Y}"
    return ""


def _terms_agreed(lcspr: Lcspr, user) -> str:
    terms = terms_of(lcspr)
    return "" if terms is not None and terms.agreed_on else (
        "The terms of reference have not been agreed yet: change them before they are")


def terms_missing(lcspr: Lcspr) -> list[str]:
    """What the terms of reference still lack before they can be agreed, in words."""
    terms = terms_of(lcspr)
    members = list(lcspr.governance_members.all())
    missing = [what for what, present in (
        ("the scope", terms and terms.scope.strip()),
        ("the period under review", terms and terms.period_from and terms.period_to),
        ("the key lines of enquiry", terms and terms.key_lines_of_enquiry.strip()),
        ("the methodology and why", terms and terms.methodology
         and terms.methodology_reason.strip()),
        ("the governance group's chair", any(m.role == m.Role.CHAIR for m in members)),
        ("a milestone in the timetable", lcspr.milestones.all()),
    ) if not present]
    return missing


def _terms_complete(lcspr: Lcspr, user) -> str:
    missing = terms_missing(lcspr)
    return f"The terms of reference still need {', '.join(missing)}" if missing else ""


def _a_governance_group(lcspr: Lcspr, user) -> str:
    return "" if lcspr.governance_members.all() else "Record the governance group first"


def _a_reviewer_now(lcspr: Lcspr, user) -> str:
    return "" if current_commission(lcspr) else "No reviewer is commissioned now"


LCSPR.add(
    _run("set_terms_of_reference", "Set out the terms of reference",
         done="Terms of reference set out: scope, period, key lines of enquiry, methodology",
         sources=BEFORE_THE_REPORT, slug="terms", guards=[_terms_not_agreed]),
    transition("record_governance_group", "Record the governance group",
               done="Governance group recorded", sources=OPEN,
               permission="reviews.run_lcspr", who=BUSINESS_UNIT,
               page=lambda lcspr: reverse("lcspr:rows", args=[lcspr.pk, "governance-group"])),
    _run("record_governance_meeting", "Record a meeting of the governance group",
         done="Governance group meeting recorded", sources=OPEN, slug="governance-meeting",
         guards=[_a_governance_group]),
    transition("record_timetable", "Set the timetable and its milestones",
               done="Timetable recorded", sources=OPEN, permission="reviews.run_lcspr",
               who=BUSINESS_UNIT,
               page=lambda lcspr: reverse("lcspr:rows", args=[lcspr.pk, "timetable"])),
    # 004 section 8.2: the method agreed with the reviewer; section 9.1: the governance
    # group agrees the scope and determines the terms of reference.
    _run("agree_terms_of_reference", "Record that the terms of reference are agreed",
         done="Terms of reference agreed", sources=REVIEWING, slug="agree-terms",
         guards=[_terms_not_agreed, _a_reviewer_now, _terms_complete]),
    # 004 sections 8.2-8.4: the scope may change as the review goes on. Revised, with the
    # reason, the terms of reference are set out and agreed again.
    _run("revise_terms_of_reference", "Revise the terms of reference",
         done="Terms of reference revised: to be agreed again", sources=REVIEWING,
         slug="revise-terms", guards=[_terms_agreed]),
    # 004 section 8.6: the partners supervise the review and may ask the reviewer for
    # information in writing; the reviewer reports their progress.
    _run("ask_reviewer_for_information", "Ask the reviewer for information in writing",
         done="Written request for information sent to the reviewer", sources=REVIEWING,
         slug="ask-reviewer", guards=[_a_reviewer_now]),
    transition("record_progress_report", "Record a progress report",
               done="Reviewer's progress report recorded", sources=REVIEWING,
               permission="reviews.report_lcspr_progress",
               who="the reviewer commissioned, or the business unit",
               page=step_page("progress-report"), guards=[_a_reviewer_now]),
    transition("record_lcspr_parallel_processes", "Record the parallel processes",
               done="Parallel processes recorded", sources=OPEN,
               permission="reviews.run_lcspr", who=BUSINESS_UNIT,
               page=lambda lcspr: reverse("lcspr:rows", args=[lcspr.pk,
                                                               "parallel-processes"])),
)

LCSPR.add_tasks(
    workflow.Task("Tell the National Panel, Ofsted and DfE of the decision",
                  ("all_told_of_decision",), act_by="tell_of_decision"),
    workflow.Task("Start commissioning the reviewer", ("start_commissioning",)),
    workflow.Task("Assess a reviewer against the criteria for a reviewer", ("assess_reviewer",)),
    workflow.Task("Commission the reviewer", ("commission_reviewer",),
                  undone_by=("end_commission",)),
    workflow.Task("Tell the National Panel, Ofsted and DfE of the reviewer",
                  ("all_told_of_reviewer",), act_by="tell_of_reviewer",
                  undone_by=("end_commission",)),
    workflow.Task("Record the governance group", ("record_governance_group",)),
    workflow.Task("Set out the terms of reference", ("set_terms_of_reference",)),
    workflow.Task("Set the timetable and its milestones", ("record_timetable",)),
    workflow.Task("Record the parallel processes", ("record_lcspr_parallel_processes",)),
    workflow.Task("Agree the terms of reference", ("agree_terms_of_reference",),
                  undone_by=("revise_terms_of_reference",)),
    workflow.Task("Upload a version of the report", ("record_draft_report",)),
    workflow.Task("Record the sign-off of the final report", ("sign_off_final_report",)),
    workflow.Task("Record that the final report was sent to the National Panel, the "
                  "Secretary of State and Ofsted", ("record_report_sent",)),
    workflow.Task("Record the publication, or the decision not to publish",
                  ("record_publication", "decide_not_to_publish")),
    workflow.Task("Close the review", ("close",)),
)

# The LCSPR moves the case on: under way once its reviewer is commissioned, ended when it is
# closed, withdrawn or merged (the case's log says which).
CASE.add(
    transition("lcspr_under_way", "LCSPR under way", done="LCSPR under way: the reviewer "
               "commissioned", sources={C.LCSPR_TO_COMMISSION}, target=C.LCSPR,
               who=BUSINESS_UNIT, automatic=True),
    transition("lcspr_ended", "LCSPR ended", done="LCSPR ended",
               sources={C.LCSPR_TO_COMMISSION, C.LCSPR}, target=C.LCSPR_ENDED,
               who=BUSINESS_UNIT, automatic=True),
)
CASE.colours.update({C.LCSPR_TO_COMMISSION: "blue", C.LCSPR: "blue", C.LCSPR_ENDED: "grey"})
