"""The figures of the annual report for a reporting year (004 section 18.1; issue 15 item 5),
read from the records: notifications and rapid reviews, LCSPRs, findings and themes,
actions, learning shared. Counts only, and the few words the report must give (why an action
is not to be implemented, where a review is published), anonymised. A fixed number of
queries whatever the number of cases; suppression is the contents' (contents.py)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from cases.models import Case, Notification
from reviews.models import (
    Action,
    ActionEscalation,
    ActionPlan,
    Lcspr,
    LearningPoint,
    LearningShared,
    RapidReview,
    ReportRecommendation,
)
from safeguarding import figures_cache
from safeguarding.models import Decision

from ..periods import Period
from ..themes.selectors import ThemeCount, theme_counts
from ..timeliness.selectors import ClockTimeliness, timeliness
from .anonymise import Known, anonymised, known_for

LCSPR_CLOCKS = ("lcspr_published", "final_report_to_panel")
ENDED_LCSPR = (Lcspr.Status.WITHDRAWN, Lcspr.Status.MERGED)
A = Action.Status
OUTSTANDING = (A.AGREED, A.IN_PROGRESS, A.COMPLETED, A.EVIDENCE_ACCEPTED)


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class NotImplemented:
    """An action decided not to be implemented: where it came from, who owned it, why."""

    source: str
    agency: str
    reason: str


@dataclass(frozen=True)
class Publication:
    published_on: date
    where: str  # anonymised; a link only when nothing was taken out
    is_link: bool


@dataclass(frozen=True)
class AnnualReport:
    period: Period
    made_on: date
    notifications: list[Tally]
    by_month: list[Tally]
    screening: list[Tally]
    timeliness: list[ClockTimeliness]
    rapid_reviews: list[Tally]
    outcomes: list[Tally]
    panel_responses: list[Tally]
    lcsprs: list[Tally]
    publications: list[Publication]
    lcspr_timeliness: list[ClockTimeliness]
    findings: list[Tally]
    themes: list[ThemeCount]
    actions: list[Tally]
    escalations: list[Tally]
    not_implemented: list[NotImplemented]
    learning_shared: list[Tally]


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def _by_choice(rows: QuerySet, field: str, choices: list[tuple[str, str]]) -> list[Tally]:
    """Every choice in its order, with how many rows have it (0 for none): one query."""
    counts = dict(rows.values_list(field).annotate(n=Count("pk")).order_by())
    return [Tally(label, counts.get(value, 0)) for value, label in choices]


def annual_report(*, period: Period, today: date) -> AnnualReport:
    clocks = timeliness(period=period, today=today)
    publications, known_cases = _publications(period)
    figures = figures_cache.kept("annual-report", (period.start, period.end),
                                 lambda: _figures(period))
    not_implemented = _not_implemented(figures.not_implemented)
    known = known_for(known_cases | {case for case, _item in not_implemented if case})
    return AnnualReport(
        period=period, made_on=today,
        notifications=figures.notifications, by_month=_by_month(period),
        screening=figures.screening,
        timeliness=[row for row in clocks if row.clock.statutory],
        rapid_reviews=figures.rapid_reviews,
        outcomes=_by_choice(RapidReview.objects.filter(_in(period, "submitted_on")),
                            "partners_decision", RapidReview.Recommendation.choices),
        panel_responses=_by_choice(RapidReview.objects.filter(_in(period, "panel_responded_on")),
                                   "panel_response", RapidReview.PanelResponse.choices),
        lcsprs=_lcsprs(period),
        publications=[_publication(on, url, known) for on, url in publications],
        lcspr_timeliness=[row for row in clocks if row.clock.code in LCSPR_CLOCKS],
        findings=_findings(period), themes=list(theme_counts(period=period)),
        actions=figures.actions,
        escalations=_by_choice(ActionEscalation.objects.filter(_in(period, "escalated_on")),
                               "stage", ActionEscalation.Stage.choices),
        not_implemented=[NotImplemented(item.source, item.agency,
                                        anonymised(item.reason, known))
                         for _case, item in not_implemented],
        learning_shared=_by_choice(
            LearningShared.objects.filter(_in(period, "shared_on"),
                                          status=LearningShared.Status.SHARED),
            "how", LearningShared.How.choices),
    )


@dataclass(frozen=True)
class _Figures:
    """The report's counts over every case, review and action (kept in the cache:
    safeguarding.figures_cache): plain data, no words."""

    notifications: list[Tally]
    screening: list[Tally]
    rapid_reviews: list[Tally]
    actions: list[Tally]
    not_implemented: list[int]  # the actions decided not to be implemented, by id


def _figures(period: Period) -> _Figures:
    return _Figures(
        notifications=_notifications(period),
        screening=_by_choice(Case.objects.filter(_in(period, "screening_decided_on")),
                             "screening_decision", Case.ScreeningDecision.choices),
        rapid_reviews=_rapid_reviews(period), actions=_actions(period),
        not_implemented=list(Action.objects.filter(
            pk__in=_decided_not_to_implement(period), status=A.NOT_IMPLEMENTED)
            .order_by("pk").values_list("pk", flat=True)))


def _notifications(period: Period) -> list[Tally]:
    counted = Case.objects.exclude(status=Case.Status.MERGED)
    national = Notification.objects.filter(
        _in(period, "notified_on"), recipient=Notification.Recipient.NATIONAL_PANEL
    ).exclude(case__status=Case.Status.MERGED)
    return [Tally("Referrals received", counted.filter(_in(period, "received_on")).count()),
            Tally("Cases notified to the National Panel, Ofsted and DfE", national.count())]


def _by_month(period: Period) -> list[Tally]:
    days = Notification.objects.filter(
        _in(period, "notified_on"), recipient=Notification.Recipient.NATIONAL_PANEL
    ).exclude(case__status=Case.Status.MERGED).values_list("notified_on", flat=True)
    counts = Counter(day.replace(day=1) for day in days)
    return [Tally(f"{month:%B %Y}", counts[month]) for month in period.months()]


def _rapid_reviews(period: Period) -> list[Tally]:
    figures = RapidReview.objects.aggregate(
        started=Count("pk", filter=_in(period, "decided_on")),
        submitted=Count("pk", filter=_in(period, "submitted_on")),
        responded=Count("pk", filter=_in(period, "panel_responded_on")))
    return [Tally("Rapid reviews started", figures["started"]),
            Tally("Rapid reviews sent to the National Panel", figures["submitted"]),
            Tally("Responses from the National Panel", figures["responded"])]


def _lcsprs(period: Period) -> list[Tally]:
    end = period.end
    running_at_end = (Q(decided_on__lte=end)
                      & (Q(published_on__isnull=True) | Q(published_on__gt=end))
                      & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
                      & ~Q(status__in=ENDED_LCSPR))
    figures = Lcspr.objects.aggregate(
        decided=Count("pk", filter=_in(period, "decided_on")),
        running=Count("pk", filter=running_at_end),
        sent=Count("pk", filter=_in(period, "sent_on")),
        published=Count("pk", filter=_in(period, "published_on")),
        not_published=Count("pk", filter=_in(period, "publication_decided_on")
                            & Q(publication_decision=Lcspr.Publication.NONE)))
    return [Tally("LCSPRs commissioned (the partners decided to hold one)", figures["decided"]),
            Tally(f"LCSPRs in progress on {end.day} {end:%B %Y}", figures["running"]),
            Tally("Final reports sent to the National Panel, the Secretary of State and "
                  "Ofsted", figures["sent"]),
            Tally("LCSPRs published", figures["published"]),
            Tally("LCSPRs the partners decided not to publish", figures["not_published"])]


def _publications(period: Period) -> tuple[list[tuple[date, str]], set[int]]:
    rows = list(Lcspr.objects.filter(_in(period, "published_on")).order_by(
        "published_on", "pk").values_list("published_on", "published_url", "case_id"))
    return ([(on, url) for on, url, _case in rows if on is not None],
            {case for _on, _url, case in rows})


def _publication(published_on: date, url: str, known: Known) -> Publication:
    where = anonymised(url, known)
    return Publication(published_on, where, is_link=bool(url) and where == url)


def _findings(period: Period) -> list[Tally]:
    key_findings = LearningPoint.objects.filter(_in(period, "sent_to_group_on"),
                                                is_key_finding=True).count()
    recommendations = ReportRecommendation.objects.filter(
        _in(period, "lcspr__published_on")).count()
    return [Tally("Key findings sent to the Learning and Development group", key_findings),
            Tally("Recommendations of the LCSPRs published", recommendations)]


def _actions(period: Period) -> list[Tally]:
    end = period.end
    outstanding = (Q(agreed_on__lte=end, status__in=OUTSTANDING)
                   & (Q(evidence_accepted_on__isnull=True) | Q(evidence_accepted_on__gt=end)))
    # Distinct: the join to the escalations repeats an action escalated twice.
    figures = Action.objects.aggregate(
        completed=Count("pk", distinct=True, filter=_in(period, "evidence_accepted_on")),
        outstanding=Count("pk", distinct=True, filter=outstanding),
        overdue=Count("pk", distinct=True, filter=outstanding & Q(due_on__lt=end)),
        escalated=Count("pk", distinct=True, filter=_in(period, "escalations__escalated_on")),
        not_implemented=Count("pk", distinct=True, filter=Q(
            pk__in=_decided_not_to_implement(period), status=A.NOT_IMPLEMENTED)))
    return [Tally("Completed: evidence accepted", figures["completed"]),
            Tally(f"Outstanding on {end.day} {end:%B %Y}", figures["outstanding"]),
            Tally("Outstanding and past their due date", figures["overdue"]),
            Tally("Escalated", figures["escalated"]),
            Tally("Decided not to be implemented", figures["not_implemented"])]


def _decided_not_to_implement(period: Period) -> QuerySet:
    """The ids of the actions the group decided, in the period, not to implement: the day of
    the decision is in the decision log (its day in Europe/London kept on it, so that no time
    zone is worked out a decision)."""
    return Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        transition="not_to_be_implemented", day__range=(period.start, period.end),
    ).values("object_id")


def _not_implemented(ids: list[int]) -> list[tuple[int | None, NotImplemented]]:
    """Each of the actions with the case it belongs to, whose names come out of its
    reason."""
    actions = Action.objects.filter(pk__in=ids).order_by("pk").values_list(
        "plan__case_id", "plan__source", "owner_agency__name", "not_implemented_reason")
    sources = dict(ActionPlan.Source.choices)
    return [(case, NotImplemented(sources.get(source, source), agency, reason))
            for case, source, agency, reason in actions]
