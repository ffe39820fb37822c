"""The rapid review's documents, made with WeasyPrint (safeguarding.pdf): the panel pack and
the report to the National Panel."""

from django.utils.formats import date_format

from cases.models import Notification
from deadlines.selectors import late_statutory_clocks
from forms.answers import referral_answers
from forms.models import Referral
from safeguarding import pdf
from safeguarding.models import LocalPolicy
from safeguarding.sections import NOT_ANSWERED, AnsweredSection

from . import selectors
from .answers import return_answers
from .models import RapidReview


def _notified_on(review: RapidReview):
    return (review.case.notifications.filter(recipient=Notification.Recipient.NATIONAL_PANEL)
            .values_list("notified_on", flat=True).first())


def panel_pack_pdf(*, review: RapidReview, partnership: str) -> bytes:
    return panel_pack_document(review=review, partnership=partnership).write_pdf()


def panel_pack_document(*, review: RapidReview, partnership: str) -> pdf.Document:
    """The case summary, each agency's submitted return, and one chronology merged across
    agencies in date order with the agency on each row (000 stage 5)."""
    case = review.case
    referral = getattr(case, "referral", None)
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    return pdf.document("reviews/panel_pack.html", {
        "review": review, "case": case, "partnership": partnership,
        "notified_on": _notified_on(review),
        "criteria": referral.criteria_met(ask_about_care_leavers=ask) if referral else [],
        "narrative": referral_narrative(referral, ask_about_care_leavers=ask),
        "chronology": selectors.merged_chronology(review=review),
        # Each return without its chronology, which the merged one above already holds.
        "returns": [(item, [answered for answered in return_answers(item)
                            if answered.section.slug != "chronology"])
                    for item in selectors.submitted_returns(review=review)],
    })


# The referral's own account of what happened: its sections in free text (forms/sections.py;
# a public referral's "What happened" is its "incident" section).
NARRATIVE_SECTIONS = ("incident", "details")


def referral_narrative(referral: Referral | None, *, ask_about_care_leavers: bool
                       ) -> list[AnsweredSection]:
    if referral is None:
        return []
    return [answered for answered in referral_answers(
        referral, ask_about_care_leavers=ask_about_care_leavers)
            if answered.section.slug in NARRATIVE_SECTIONS]


def children_details(case) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the Panel's rapid review template asks of each child: age at the incident, sex,
    ethnicity, nationality, faith, disability, and a death's date and cause; not a name."""
    referral = getattr(case, "referral", None)
    if referral is None:
        return []
    children = list(referral.children.all())
    return [(f"Child {number}" if len(children) > 1 else "The child", [
        ("Age at the time of the incident",
         child.age_at(referral.incident_date) or NOT_ANSWERED),
        ("Sex", child.get_gender_display() or NOT_ANSWERED),
        ("Ethnicity", child.ethnicity or NOT_ANSWERED),
        ("Nationality", child.nationality or NOT_ANSWERED),
        ("Faith or religion", child.faith or NOT_ANSWERED),
        ("Disability", child.disability or NOT_ANSWERED),
        *([("Date of death", date_format(child.date_of_death, "j F Y")),
           ("Cause of death", child.cause_of_death or NOT_ANSWERED)]
          if child.date_of_death else []),
        ("Looked after at the time of the incident",
         referral.get_looked_after_display() or NOT_ANSWERED),
    ]) for number, child in enumerate(children, start=1)]


def rapid_review_pdf(*, review: RapidReview, partnership: str) -> bytes:
    """In the shape of the Panel's rapid review template."""
    return pdf.pdf("reviews/report.html", {
        "review": review, "case": review.case, "partnership": partnership,
        "children": children_details(review.case),
        "notified_on": _notified_on(review), "sign_offs": selectors.sign_off_rows(review),
        # Each statutory clock met late or overdue, with its reason (issue 12).
        "late_clocks": late_statutory_clocks(case_id=review.case_id),
    })
