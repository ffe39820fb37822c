"""What the LCSPR's publication, disclosure and media add to its workflow (issue 13 items 7
and 9): the steps declared beside the lifecycle in workflow.py, the conditions they put on
its steps of sending and publishing the report (``requires``: kept apart from the redaction
check another part adds), and their lines of the task list.

- The partners decide to publish the report in full, its learning and improvements only,
  or not at all, and when (004 sections 14.4, 15.2-15.3); the copy to the National Panel,
  the Secretary of State and Ofsted follows that decision (004 section 14.7), publication a
  decision to publish, and "not published" a decision not to.
- The reason publication will miss the six months, told to the Panel and the Secretary of
  State (004 section 15.5), and their comments on publication (004 section 15.3).
- The published report taken down, no sooner than a year after (004 section 14.4).
- Requests for the review's documents, with the legal advice and the decision (004 section
  13.4), which is changed with its reason until the report is sent; the media strategy
  agreed at the start and approved by the partners (004 section 15.1); the press statement
  at publication (004 section 15.4)."""

from safeguarding import workflow

from .models import Lcspr
from .workflow import ACTIVE, LCSPR, OPEN, _run, requires

S = Lcspr.Status
P = Lcspr.Publication
PUBLISHING = {P.FULL, P.LEARNING}
AFTER_DRAFT = {S.DRAFT_REPORT, S.SIGNED_OFF, S.SENT}
REPORT_OUT = {S.SENT, S.PUBLISHED, S.NOT_PUBLISHED, S.CLOSED}


# Guards: each returns why the change cannot be made yet, or "".

def _publication_decided(lcspr: Lcspr, user) -> str:
    return "" if lcspr.publication_decision else (
        "Record the partners' decision on publication first")


def _decided_to_publish(lcspr: Lcspr, user) -> str:
    if not lcspr.publication_decision:
        return "Record the partners' decision on publication first"
    return "" if lcspr.publication_decision in PUBLISHING else (
        "The partners decided not to publish")


def _decided_not_to_publish(lcspr: Lcspr, user) -> str:
    if not lcspr.publication_decision:
        return "Record the partners' decision on publication first"
    return "" if lcspr.publication_decision == P.NONE else (
        "The partners decided to publish: change the decision on publication first")


def _online(lcspr: Lcspr, user) -> str:
    if lcspr.published_on is None:
        return "The report has not been published"
    return "The report's removal is already recorded" if lcspr.removed_on else ""


def _a_request_to_decide(lcspr: Lcspr, user) -> str:
    return "" if any(not request.outcome for request in lcspr.disclosure_requests.all()) else (
        "No request for documents is waiting for a decision")


def _a_decided_request(lcspr: Lcspr, user) -> str:
    return "" if any(request.outcome for request in lcspr.disclosure_requests.all()) else (
        "No decision on a request for documents is recorded yet")


def _published(lcspr: Lcspr, user) -> str:
    return "" if lcspr.status in (S.SENT, S.PUBLISHED) or lcspr.published_on else (
        "The report has not been published")


LCSPR.add(
    _run("decide_publication", "Record the decision on publication",
         done="Decision on publication recorded", sources=AFTER_DRAFT,
         slug="publication-decision"),
    _run("record_publication_delay", "Record the reason publication is delayed",
         done="Reason for the delay told to the National Panel and the Secretary of State",
         sources=ACTIVE, slug="delay"),
    _run("record_panel_comments",
         "Record the comments of the National Panel or the Secretary of State",
         done="Comments of the National Panel or the Secretary of State on publication "
              "recorded", sources=REPORT_OUT, slug="panel-comments",
         guards=[_publication_decided]),
    _run("record_removal", "Record that the published report was taken down",
         done="Published report taken down", sources={S.PUBLISHED, S.CLOSED},
         slug="removal", guards=[_online]),
    _run("record_disclosure_request", "Record a request for documents",
         done="Request for documents recorded", sources=OPEN | {S.CLOSED},
         slug="disclosure-request"),
    _run("decide_disclosure_request", "Record the decision on a request for documents",
         done="Decision on a request for documents recorded", sources=OPEN | {S.CLOSED},
         slug="disclosure-decision", guards=[_a_request_to_decide]),
    # Until the report is sent, a decision is changed with the reason (the decision log says
    # what changed and why; the request's history keeps what it was).
    _run("change_disclosure_decision", "Change the decision on a request for documents",
         done="Decision on a request for documents changed", sources=ACTIVE - {S.SENT},
         slug="change-disclosure-decision", guards=[_a_decided_request]),
    _run("agree_media_strategy", "Record the media strategy",
         done="Media strategy agreed and approved by the safeguarding partners",
         sources=ACTIVE, slug="media-strategy"),
    _run("record_press_statement", "Record the press statement",
         done="Press statement released", sources={S.SENT, S.PUBLISHED, S.CLOSED},
         slug="press-statement", guards=[_published]),
)

requires("record_report_sent", _publication_decided)
requires("record_publication", _decided_to_publish)
requires("decide_not_to_publish", _decided_not_to_publish)


def _before(title_start: str, task: workflow.Task) -> None:
    """A task put in the list before the existing one whose title starts so."""
    index = next(i for i, existing in enumerate(LCSPR.tasks)
                 if existing.title.startswith(title_start))
    LCSPR.add_tasks(task)
    LCSPR.tasks.remove(task)
    LCSPR.tasks.insert(index, task)


_before("Record that the final report was sent",
        workflow.Task("Record the partners' decision on publication and its planned date",
                      ("decide_publication",)))
_before("Close the review",
        workflow.Task("Record the press statement at publication",
                      ("record_press_statement",),
                      applies=lambda lcspr: lcspr.publication_decision in PUBLISHING))
