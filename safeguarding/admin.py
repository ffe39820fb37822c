from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, LearningGroup, User

admin.site.site_header = "Safeguarding case reviews: administration"
admin.site.site_title = "Safeguarding case reviews"
# LocalPolicy is registered in deadlines/admin.py: saving it recomputes the deadlines, and the
# core imports no app above it.


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "head_of_service", "chief_officer", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("head_of_service", "chief_officer")
    search_fields = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "is_active")}),
        ("Escalation of overdue actions",
         {"fields": ("head_of_service", "chief_officer")}),
    )


@admin.register(LearningGroup)
class LearningGroupAdmin(SimpleHistoryAdmin):
    """The Learning and Development group: its chair and members."""

    list_display = ("name", "chair", "is_active")
    list_select_related = ("chair",)
    filter_horizontal = ("members",)


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "job_title", "agency", "role")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("full_name", "email", "agency", "role", "is_active", "last_login")
    list_filter = ("role", "agency", "is_active")
    list_select_related = ("agency",)
    search_fields = ("full_name", "email")
    ordering = ("full_name",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "agency", "role")}),
        ("Status", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("email", "full_name", "job_title", "agency", "role",
                       "password1", "password2"),
        }),
    )

