from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from safeguarding.admin_wording import PlainWordsAdmin

from .models import LearningTheme


@admin.register(LearningTheme)
class LearningThemeAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
    """The learning themes taxonomy. A theme is retired (untick "in use"), never deleted:
    the cases and reviews tagged with it keep it."""

    list_display = ("name", "kind", "order", "is_active")
    list_filter = ("kind", "is_active")
    list_editable = ("order",)
    search_fields = ("name", "description")
    fields = ("name", "kind", "description", "order", "is_active")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
