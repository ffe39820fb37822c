"""What the learning themes add to the case page (a panel) and to its change history."""

from cases.models import Case
from cases.selectors import HistorySource, adds_to_case_history, shows_on_case_page

from . import selectors
from .models import ThemeTag


@shows_on_case_page
def learning_themes_panel(case: Case) -> tuple[str, dict]:
    """The case's themes, by the record they were applied to."""
    by_record: dict[str, list[str]] = {}
    for tag in selectors.case_tags(case_id=case.pk):
        label = ("The case" if tag.record == "case" else
                 f"Recommendation {tag.recommendation.number}" if tag.recommendation else
                 tag.record_name[0].upper() + tag.record_name[1:])
        by_record.setdefault(label, []).append(tag.theme.name)
    return "oversight/_case_themes_panel.html", {"case": case, "by_record": by_record}


@adds_to_case_history
def theme_history(case: Case) -> list[HistorySource]:
    return [HistorySource(ThemeTag.history.filter(case_id=case.pk).select_related("theme"),
                          lambda row: f"Learning theme: {row.theme.name}")]
