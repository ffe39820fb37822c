from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, LocalPolicy, User

admin.site.site_header = "Safeguarding case reviews: administration"
admin.site.site_title = "Safeguarding case reviews"


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


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


@admin.register(LocalPolicy)
class LocalPolicyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not LocalPolicy.objects.exists()

    def save_model(self, request, obj: LocalPolicy, form, change: bool) -> None:
        """The rapid review's clock may start from another event now: recompute deadlines."""
        from django.db import transaction

        from deadlines.tasks import recompute_deadlines

        super().save_model(request, obj, form, change)
        transaction.on_commit(recompute_deadlines.delay)
