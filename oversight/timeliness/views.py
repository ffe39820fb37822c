"""The timeliness pages: the figures of every clock for a period, the deadlines behind each
figure, and the figures as a file. Addresses carry codes and numbers only."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cases.services import record_cases_access
from deadlines.models import Clock
from safeguarding import tables as files
from safeguarding.dates import today as local_today
from safeguarding.http import attachment

from ..periods import PeriodForm
from ..views import authorised
from . import selectors
from .forms import ClocksBehindForm
from .tables import timeliness_table

PAGE_SIZE = 50


def timeliness(request: HttpRequest) -> HttpResponse:
    authorised(request)
    today = local_today()
    form = PeriodForm(request.GET, today=today)
    code, period = form.chosen()
    rows = selectors.timeliness(period=period, today=today)
    return render(request, "oversight/timeliness.html", {
        "form": form, "code": code, "period": period,
        "statutory": [row for row in rows if row.clock.statutory],
        "local": [row for row in rows if not row.clock.statutory
                  and not row.clock.is_escalation],
        "escalations": [row for row in rows if row.clock.is_escalation],
        "by_agency": [row for row in rows if row.by_agency],
    })


def clocks(request: HttpRequest, code: str) -> HttpResponse:
    authorised(request)
    clock = get_object_or_404(Clock, code=code)
    today = local_today()
    form = ClocksBehindForm(request.GET, today=today)
    period_code, period = form.chosen()
    outcome, agency_id = form.filters()
    deadlines = selectors.clocks_behind(clock=clock, period=period, outcome=outcome,
                                        agency_id=agency_id, today=today)
    page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = selectors.behind_lines(page.object_list, today)
    record_cases_access(case_ids=[line.deadline.case_id for line in lines
                                  if line.deadline.case_id],
                        user=request.user, what=f"timeliness: {clock.name}")
    return render(request, "oversight/timeliness_clocks.html", {
        "clock": clock, "form": form, "period": period, "code": period_code,
        "outcome": selectors.OUTCOMES[outcome],
        "agency": form.agencies.get(agency_id, "") if agency_id else "",
        "page": page, "lines": lines,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=1,
                                                                on_ends=1)),
    })


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The figures of the period as CSV or Excel: counts only, no case data, so nothing to
    write in the access log."""
    authorised(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    today = local_today()
    _code, period = PeriodForm(request.GET, today=today).chosen()
    content, content_type = files.content(
        timeliness_table(selectors.timeliness(period=period, today=today), period), fmt)
    return attachment(content, content_type,
                      f"timeliness-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.{fmt}")
