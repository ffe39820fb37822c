from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding import access
from safeguarding.http import AuthenticatedRequest

from . import ical, selectors, services
from .forms import DashboardFilterForm, DelayReasonForm, dashboard_filter_form
from .models import CalendarFeed, Deadline


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_perm("deadlines.view_dashboard"):
        raise PermissionDenied
    form = dashboard_filter_form(request.GET)
    filters, today = form.filters(), timezone.localdate()
    page = Paginator(selectors.dashboard_deadlines(filters=filters, today=today), 50
                     ).get_page(request.GET.get("page"))
    without_a_reason = selectors.late_without_a_reason(
        clock=filters.clock, agency=filters.agency, responsible=filters.responsible)
    by_stage = selectors.counts_by_stage(filters=filters, today=today)
    by_state = selectors.counts_by_state_value(filters=filters)
    lines = selectors.with_case_tags(
        selectors.with_delays(selectors.with_places(page.object_list), today))
    late = selectors.with_places(without_a_reason[:50])
    access.cases_shown(user=request.user, what="deadlines dashboard",
                       case_ids=[line.deadline.case_id for line in lines]
                       + [deadline.case_id for deadline in late])
    return render(request, "deadlines/dashboard.html", {
        "form": form, "filters": filters, "page": page, "today": today,
        "state_label": Deadline.State(filters.state).label if filters.state else "",
        "lines": lines,
        "without_a_reason": late,
        "without_a_reason_count": without_a_reason.count(),
        "by_stage": by_stage,
        "by_state": {Deadline.State(value).label: count for value, count in by_state.items()},
        "stage_links": _count_links(form, "due", selectors.DUE_STAGES, by_stage),
        "state_links": _count_links(form, "state", dict(Deadline.State.choices), by_state),
        "query": form.query(),
    })


def _count_links(form: DashboardFilterForm, name: str, labels: dict[str, str],
                 counts: dict[str, int]) -> list[tuple[str, int, str, bool]]:
    """(label, count, address, chosen) of each count: its link sets this filter, keeps the
    clock, responsible and agency, and drops the other count's filter."""
    other = "state" if name == "due" else "due"
    chosen = getattr(form.filters(), name)
    return [(label, counts[value], "?" + form.query(**{name: value, other: ""}),
             value == chosen) for value, label in labels.items()]


def delay_reason(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give, or change, the reason a statutory clock was met late or is overdue."""
    deadline = selectors.deadline_for_reason(pk=pk)
    if not request.user.has_perm("deadlines.record_delay_reason", deadline):
        raise PermissionDenied
    if not selectors.asks_for_a_reason(deadline):
        messages.info(request, f"{deadline.clock.name} is not a statutory clock that is late: "
                               "there is no delay to explain")
        return redirect(deadline.place.url or "deadlines:dashboard")
    delay = selectors.delay_of(deadline)
    lead = _lead(deadline, delay)
    access.cases_shown(user=request.user, case_ids=[deadline.case_id],
                       what="reason for a delay page")
    if request.method == "POST":
        form = DelayReasonForm(request.POST, lead=lead)
        if form.is_valid():
            try:
                services.record_delay_reason(deadline=deadline, actor=request.user,
                                             **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{deadline.place.label}: the reason for the "
                                          f"delay of “{deadline.clock.name}” is recorded")
                return redirect(deadline.place.url or "deadlines:dashboard")
    else:
        given = delay.given
        form = DelayReasonForm(lead=lead, initial={"kind": given.kind, "text": given.text}
                               if given else None)
    title = "Change the reason for the delay" if delay.given else \
        "Give the reason for the delay"
    return render(request, "action.html", {"case": deadline.case, "form": form,
                                           "title": title})


def _lead(deadline: Deadline, delay: selectors.Delay) -> str:
    """"Notify the National Panel, Ofsted and DfE (statutory: 5 working days after the
    start) was due on 29 December 2022 and met on 3 January 2023, 2 working days late."."""
    clock, late = deadline.clock, selectors.working_days_late(deadline)
    met = (f" and met on {deadline.met_on:%-d %B %Y}" if deadline.met_on
           else " and is not met yet")
    lead = (f"{clock.name} (statutory: {clock.timescale}) was due on "
            f"{deadline.due_on:%-d %B %Y}{met}, {late} working day{'s' if late != 1 else ''} "
            "late. The reason shows on the clock, on the dashboard and in the rapid review "
            "report to the National Panel.")
    if delay.kept:
        lead += f"\n\nAlready recorded: {delay.kept.summary}"
    return lead


def notices(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.notices_for(user=request.user), 50).get_page(
        request.GET.get("page"))
    notices = selectors.with_their_places(page.object_list)
    access.cases_shown(user=request.user, what="notices",
                       case_ids=[notice.deadline.case_id for notice in notices])
    return render(request, "deadlines/notices.html", {"page": page, "notices": notices})


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    services.mark_notices_read(user=request.user)
    return redirect("deadlines:notices")


def calendar_feed(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("deadlines.use_calendar_feed"):
        raise PermissionDenied
    if request.method == "POST":
        if "revoke" in request.POST:
            services.revoke_calendar_feed(user=request.user)
            messages.success(request, "Your calendar address no longer works")
        else:
            services.renew_calendar_feed(user=request.user)
            messages.success(request, "Your calendar has a new secret address")
        return redirect("deadlines:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = request.build_absolute_uri(f"/deadlines/feed/{feed.token}.ics") if feed else ""
    return render(request, "deadlines/calendar_feed.html", {"address": address})


@login_not_required
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret address is the credential: it shows case references and clocks only.
    Checked on every request, as the calendar keeps asking: a person whose role may no longer
    have a feed is refused, and an account made inactive has none."""
    subscription = CalendarFeed.objects.select_related("user__agency").filter(
        token=token, user__is_active=True).first()
    if subscription is None:
        raise Http404
    if not subscription.user.has_perm("deadlines.use_calendar_feed"):
        raise PermissionDenied
    body = ical.calendar(selectors.feed_deadlines(user=subscription.user),
                         site_url=settings.SITE_URL, stamp=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
