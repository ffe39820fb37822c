"""Reads for the learning themes: counts of cases by theme in a period and over the last
reporting years (the recurring ones: seen in two or more cases, the Regulation 11
"recurrent themes" criterion), and a case's records with their themes for the tagging page.
Each runs a fixed number of queries, however many cases there are."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from cases.models import Case
from oversight.periods import Period, reporting_year
from reviews.models import Lcspr, RapidReview, ReportRecommendation
from safeguarding import figures_cache

from .models import LearningTheme, ThemeTag

RECURRING = 2  # cases: a theme seen in two or more is recurrent
YEARS = 3  # reporting years shown side by side


@dataclass(frozen=True)
class ThemeCount:
    """One theme in a period: the cases tagged with it (through the case or any of its
    records) received in the period, the count in each reporting year column, and the
    references of those cases."""

    theme: LearningTheme
    cases: int
    by_year: list[int]
    recurring: bool
    references: list[str]


def year_columns(period: Period, years: int = YEARS) -> list[Period]:
    """The reporting years up to the one the period ends in, oldest first."""
    last = period.end.year if period.end.month >= 4 else period.end.year - 1
    return [reporting_year(year) for year in range(last - years + 1, last + 1)]


def theme_counts(*, period: Period, years: list[Period] | None = None) -> list[ThemeCount]:
    """Every theme with a case in the period, most cases first, then by name; ``by_year``
    counts the cases of each of ``years`` (default: year_columns(period)). Two queries.
    Merged cases are left out: they are counted as the case they were merged into."""
    years = year_columns(period) if years is None else years
    found = figures_cache.kept(
        "themes", (period.start, period.end, *(year.start for year in years)),
        lambda: _counted(period, years))
    themes = LearningTheme.objects.in_bulk([theme_id for theme_id, *_rest in found])
    counts = [ThemeCount(theme=themes[theme_id], cases=len(references), by_year=by_year,
                         recurring=len(references) >= RECURRING, references=references)
              for theme_id, by_year, references in found]
    return sorted(counts, key=lambda count: (-count.cases, count.theme.name))


Counted = list[tuple[int, list[int], list[str]]]  # a theme: its cases by year, its references


def _counted(period: Period, years: list[Period]) -> Counted:
    """The themes with a case in the period, as plain data (kept in the cache:
    safeguarding.figures_cache): one query."""
    start = min([period.start, *(year.start for year in years)])
    end = max([period.end, *(year.end for year in years)])
    pairs = (ThemeTag.objects
             .filter(case__received_on__range=(start, end))
             .exclude(case__status=Case.Status.MERGED)
             .values_list("theme_id", "case__reference", "case__received_on")
             .distinct())
    received: dict[int, dict[str, date]] = defaultdict(dict)
    for theme_id, reference, received_on in pairs:
        received[theme_id][reference] = received_on
    counted = []
    for theme_id, cases in received.items():
        references = sorted(ref for ref, day in cases.items() if day in period)
        if references:
            counted.append((theme_id, [sum(day in year for day in cases.values())
                                       for year in years], references))
    return counted


# The tagging page and the case page's panel.

@dataclass(frozen=True)
class TaggedRecord:
    """A record of a case themes are applied to, with the ids of its themes now."""

    record: str  # "case", "rapid_review", "lcspr" or "recommendation"
    record_id: int | None
    label: str
    text: str
    theme_ids: frozenset[int]

    @property
    def key(self) -> str:
        """Its name in the tagging form: the record and its number, never a name."""
        return self.record if self.record_id is None else f"{self.record}-{self.record_id}"


def case_tags(*, case_id: int) -> QuerySet[ThemeTag]:
    return ThemeTag.objects.filter(case_id=case_id).select_related("theme", "recommendation")


def case_records(*, case: Case) -> list[TaggedRecord]:
    """The case, its rapid review, its LCSPR and the LCSPR report's recommendations, each with
    its themes. Four queries."""
    tags: dict[tuple[str, int | None], set[int]] = defaultdict(set)
    for tag in ThemeTag.objects.filter(case_id=case.pk):
        record_id = getattr(tag, f"{tag.record}_id") if tag.record != "case" else None
        tags[tag.record, record_id].add(tag.theme_id)

    def tagged(record: str, record_id: int | None, label: str, text: str = "") -> TaggedRecord:
        return TaggedRecord(record, record_id, label, text, frozenset(tags[record, record_id]))

    records = [tagged("case", None, f"The case {case.reference}")]
    review = RapidReview.objects.filter(case_id=case.pk).only("pk").first()
    if review:
        records.append(tagged("rapid_review", review.pk, "The rapid review"))
    lcspr = (Lcspr.objects.filter(case_id=case.pk).only("pk")
             .prefetch_related(Prefetch("report_recommendations",
                                        queryset=ReportRecommendation.objects.only(
                                            "pk", "lcspr_id", "number", "what")))
             .first())
    if lcspr:
        records.append(tagged("lcspr", lcspr.pk, "The LCSPR"))
        records += [tagged("recommendation", rec.pk, f"LCSPR recommendation {rec.number}",
                           rec.what) for rec in lcspr.report_recommendations.all()]
    return records


def themes_to_apply(*, records: list[TaggedRecord]) -> list[LearningTheme]:
    """The themes in use, and the retired ones the records have still (they may be kept or
    taken off, not added)."""
    applied = set().union(*(record.theme_ids for record in records))
    return list(LearningTheme.objects.filter(is_active=True)
                | LearningTheme.objects.filter(pk__in=applied))
