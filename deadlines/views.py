from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.models import Agency

from . import ical, selectors, services
from .models import CalendarFeed, Clock


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("deadlines.view_dashboard"):
        raise PermissionDenied
    clock = request.GET.get("clock", "")
    responsible = request.GET.get("responsible", "")
    agency = request.GET.get("agency", "")
    agency_id = int(agency) if agency.isdigit() else None
    deadlines = selectors.running_deadlines(clock=clock, agency=agency_id,
                                            responsible=responsible)
    page = Paginator(deadlines, 50).get_page(request.GET.get("page"))
    return render(request, "deadlines/dashboard.html", {
        "page": page, "by_state": selectors.counts_by_state(),
        "by_stage": selectors.counts_by_stage(), "clocks": selectors.clocks(),
        "agencies": Agency.objects.filter(is_active=True),
        "responsibles": Clock.Responsible.choices,
        "chosen": {"clock": clock, "responsible": responsible, "agency": agency_id},
        "today": timezone.localdate(),
    })


def notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notices_for(user=request.user), 50).get_page(
        request.GET.get("page"))
    return render(request, "deadlines/notices.html", {"page": page})


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
    """The secret address is the credential: it shows case references and clocks only."""
    subscription = CalendarFeed.objects.select_related("user__agency").filter(
        token=token, user__is_active=True).first()
    if subscription is None:
        raise Http404
    body = ical.calendar(selectors.feed_deadlines(user=subscription.user),
                         site_url=settings.SITE_URL, stamp=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
