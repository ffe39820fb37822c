"""The oversight lists on the manager's home page."""

from django.urls import reverse
from django.utils import timezone

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from .periods import LAST_12_MONTHS, last_12_months
from .pipeline import selectors as pipeline
from .timeliness import selectors as timeliness


def _in_words(label: str) -> str:
    """"Panel met" as it reads mid-sentence: "panel met" (an "LCSPR" keeps its capitals)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[0].lower() + label[1:]


@provides_work_list(Role.MANAGER, "The pipeline now")
def pipeline_now(user: User) -> list[WorkItem]:
    """Each kind of record with open records: how many, and how many at each stage."""
    url = reverse("oversight:pipeline")
    items = []
    for kind, stages in pipeline.under_way_now():
        if total := sum(count for _label, count in stages):
            detail = ", ".join(f"{count} {_in_words(label)}" for label, count in stages if count)
            items.append(WorkItem(text=f"{kind.under_way}: {total}", url=f"{url}#{kind.slug}",
                                  detail=detail))
    return items


@provides_work_list(Role.MANAGER, "Statutory clocks in the last 12 months")
def statutory_clocks(user: User) -> list[WorkItem]:
    """Each statutory clock that fell due in the last 12 months: how many were met on time,
    linked to its deadlines. One query."""
    period = last_12_months(timezone.localdate())
    return [WorkItem(text=f"{row.clock.name}: {row.met} of {row.decided} on time "
                          f"({row.share_text})",
                     url=reverse("oversight:timeliness-clocks", args=[row.clock.code])
                     + f"?period={LAST_12_MONTHS}",
                     detail=f"{row.met_late} met late, {row.overdue} overdue")
            for row in timeliness.statutory_summary(period=period)]
