"""The pipeline page and the list of the records at one stage. The list shows case
references: each case on the page has the view in its access log."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cases.services import record_cases_access
from oversight.periods import PeriodForm
from oversight.views import authorised
from safeguarding.dates import today

from . import selectors


def pipeline(request: HttpRequest) -> HttpResponse:
    authorised(request)
    day = today()
    form = PeriodForm(request.GET or None, today=day)
    _code, period = form.chosen()
    return render(request, "oversight/pipeline.html", {
        "form": form, "period": period,
        "pipelines": selectors.pipeline(period=period, today=day)})


def stage(request: HttpRequest, kind: str, state: str) -> HttpResponse:
    authorised(request)
    if selectors.stage(kind, state) is None:
        raise Http404
    listed = selectors.at_stage(kind=kind, state=state, today=today(),
                                page=request.GET.get("page", 1))
    record_cases_access(case_ids=[row.case.pk for row in listed.rows if row.case],
                        user=request.user, what="pipeline: the records at a stage")
    return render(request, "oversight/pipeline_stage.html", {"listed": listed})
