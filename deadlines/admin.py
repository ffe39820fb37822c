from django import forms
from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from safeguarding.admin_wording import PlainWordsAdmin
from safeguarding.models import LATER_START, LocalPolicy

from . import calendar_days, services
from .models import CalendarDay, Clock
from .tasks import recompute_deadlines


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "reason")

    def clean(self) -> dict:
        data = super().clean()
        if {"date", "kind", "reason"} <= data.keys():
            calendar_days.validate_calendar_day(
                day=data["date"], kind=data["kind"], reason=data["reason"],
                calendar_day=self.instance)
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
    """Every save and delete goes through deadlines.calendar_days, so that the calendar
    every process uses is rebuilt once the change commits."""

    form = CalendarDayForm
    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)
    search_fields = ("reason",)
    date_hierarchy = "date"
    ordering = ("date",)

    def save_model(self, request, obj: CalendarDay, form, change: bool) -> None:
        fields = {"day": obj.date, "kind": obj.kind, "reason": obj.reason}
        if change:
            calendar_days.change_calendar_day(actor=request.user, calendar_day=obj, **fields)
        else:
            saved = calendar_days.add_calendar_day(actor=request.user, **fields)
            obj.pk = saved.pk

    def delete_model(self, request, obj: CalendarDay) -> None:
        calendar_days.remove_calendar_day(actor=request.user, calendar_day=obj)

    def delete_queryset(self, request, queryset) -> None:
        for calendar_day in queryset:
            calendar_days.remove_calendar_day(actor=request.user, calendar_day=calendar_day)


class ClockForm(forms.ModelForm):
    class Meta:
        model = Clock
        fields = ("amount", "reminder_working_days")

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        services.check_clock_amount(self.instance, amount)
        return amount


@admin.register(Clock)
class ClockAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
    """The local timescale policy: the amounts and reminders of each clock. A statutory clock
    can be tightened, never loosened; the rest of a row is the table in DESIGN.md."""

    form = ClockForm
    list_display = ("name", "amount", "unit", "direction", "statutory", "reminder_working_days",
                    "source")
    list_filter = ("statutory", "unit")
    readonly_fields = ("code", "name", "starts", "met_by", "unit", "direction", "statutory",
                       "statutory_amount", "source", "responsible")

    def has_add_permission(self, request) -> bool:
        return False  # clocks come with the code that starts and meets them

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Clock, form, change: bool) -> None:
        services.change_clock(clock=obj, actor=request.user, amount=obj.amount,
                              reminder_working_days=obj.reminder_working_days)


class LocalPolicyForm(forms.ModelForm):
    class Meta:
        model = LocalPolicy
        fields = ("ask_about_care_leaver_deaths", "rapid_review_clock_starts",
                  "acknowledgement_targets", "rapid_review_decision_by",
                  "referral_within_24_hours")
        # A start after the notification (Darlington's acknowledgement) would loosen the
        # statutory 15 working days: say so, and where that count goes instead.
        error_messages = {"rapid_review_clock_starts": {"invalid_choice": LATER_START}}


@admin.register(LocalPolicy)
class LocalPolicyAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
    """The partnership's local choices (a model of the core); here because saving them
    recomputes deadlines."""

    form = LocalPolicyForm

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not LocalPolicy.objects.exists()

    def save_model(self, request, obj: LocalPolicy, form, change: bool) -> None:
        """The rapid review's clock may start from another event now: recompute deadlines."""
        super().save_model(request, obj, form, change)
        transaction.on_commit(recompute_deadlines.delay)
