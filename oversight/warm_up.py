"""The oversight figures counted again after a change (issue 15 item 8): what the pipeline,
timeliness, themes and annual report pages show for their default periods, kept in the cache
(safeguarding.figures_cache) so that the first view after a write reads them, not the rows.
Run by the Celery task oversight.tasks.warm_up_figures, queued once the write commits."""

from safeguarding import figures_cache
from safeguarding.dates import today as local_today

from .annual_report import selectors as annual_report
from .periods import last_12_months, latest_reporting_year
from .pipeline import selectors as pipeline
from .themes import selectors as themes
from .timeliness import selectors as timeliness

# Seconds between the first write of a burst and the warm-up: the burst's other writes find
# it queued (figures_cache.WARMING_KEY) and it counts them all.
WAIT = 2


def warm_up_figures() -> None:
    """Each page's figures for the period it opens on, through the pages' own selectors
    (the same keys in the cache): the last 12 months, and the annual report's latest
    reporting year that has ended."""
    figures_cache.warming_up()  # a write from now on queues the next warm-up
    today = local_today()
    period = last_12_months(today)
    pipeline.pipeline(period=period, today=today)
    timeliness.timeliness(period=period, today=today)
    themes.theme_counts(period=period, years=themes.year_columns(period))
    annual_report.annual_report(period=latest_reporting_year(today), today=today)
