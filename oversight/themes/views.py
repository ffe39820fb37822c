"""The learning themes pages: the themes across cases in a period and over the reporting
years, and the business unit's page that applies themes to a case and its records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.models import Case
from cases.selectors import case_by_reference
from cases.services import record_case_access
from oversight.periods import PeriodForm
from oversight.views import authorised as may_oversee
from safeguarding.dates import today
from safeguarding.http import authorised

from . import forms, selectors, services


def themes(request: HttpRequest) -> HttpResponse:
    may_oversee(request)
    form = PeriodForm(request.GET, today=today())
    _code, period = form.chosen()
    years = selectors.year_columns(period)
    counts = selectors.theme_counts(period=period, years=years)
    return render(request, "oversight/themes.html", {
        "form": form, "period": period, "years": years, "counts": counts,
        "recurring": [count for count in counts if count.recurring]})


def _case(request: HttpRequest, reference: str) -> Case:
    return authorised(request, case_by_reference(reference=reference), "cases.view_case",
                      "oversight.apply_themes")


def case_themes(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    records = selectors.case_records(case=case)
    form = forms.CaseThemesForm(request.POST or None, records=records,
                                themes=selectors.themes_to_apply(records=records))
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_case_themes(case_id=case.pk, records=form.chosen(),
                                       actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{case.reference}: learning themes saved")
            return redirect(case)
    elif request.method != "POST":
        record_case_access(case=case, user=request.user, what="learning themes")
    return render(request, "oversight/case_themes.html", {"case": case, "form": form})
