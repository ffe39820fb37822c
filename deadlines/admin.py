from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import calendar_days
from .models import CalendarDay


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
class CalendarDayAdmin(SimpleHistoryAdmin):
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
