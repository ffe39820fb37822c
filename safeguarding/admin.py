import logging

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.defaultfilters import pluralize
from django_otp.plugins.otp_static import admin as otp_static_admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_wording import PlainWordsAdmin, name_two_factor_apps
from .models import Agency, LearningGroup, User

logger = logging.getLogger(__name__)
admin.site.site_header = "Safeguarding case reviews: administration"
admin.site.site_title = "Safeguarding case reviews"
name_two_factor_apps()
# LocalPolicy is registered in deadlines/admin.py: saving it recomputes the deadlines, and the
# core imports no app above it.


@admin.register(Agency)
class AgencyAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
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
class LearningGroupAdmin(PlainWordsAdmin, SimpleHistoryAdmin):
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
class UserAdmin(PlainWordsAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
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

    actions = ["send_two_factor_invitation"]

    def response_add(self, request, obj: User, post_url_continue=None):
        """A new person is emailed a link to set up their second factor (none in the
        embedded demo, which signs in without one)."""
        if settings.TWO_FACTOR_REQUIRED:
            self._invite(request, [obj])
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Send a two-factor set-up invitation")
    def send_two_factor_invitation(self, request, queryset) -> None:
        """A new set-up link, for a person who lost theirs or whose authenticator was removed:
        earlier links stop working."""
        self._invite(request, list(queryset.filter(is_active=True)))
        if inactive := queryset.filter(is_active=False).count():
            self.message_user(request, f"{inactive} inactive account{pluralize(inactive)} "
                              "not sent a set-up link.", messages.WARNING)

    def _invite(self, request, people: list[User]) -> None:
        for person in people:
            try:
                services.send_two_factor_invitation(user=person, sent_by=request.user)
            except Exception:  # the mail server: the administrator sends it again
                logger.exception("Two-factor set-up invitation to user %s not sent", person.pk)
                self.message_user(request, f"The two-factor set-up link to {person.email} "
                                  "could not be emailed. Send it again with the action "
                                  "\u201cSend a two-factor set-up invitation\u201d.",
                                  messages.ERROR)
            else:
                self.message_user(request, f"A two-factor set-up link was emailed to "
                                  f"{person.email}. It works once, for "
                                  f"{settings.TWO_FACTOR_INVITATION_LIFETIME.days} days.",
                                  messages.SUCCESS)

    def get_readonly_fields(self, request, obj: User | None = None) -> tuple[str, ...]:
        """An administrator does not change their own role, agency or active flag (to a role
        that reads cases, say): another administrator does, and it is in the audit log."""
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ("agency", "role", "is_active")
        return fields

    def save_model(self, request, obj: User, form, change: bool) -> None:
        """A change to the role, agency or active flag goes in the audit log of accounts
        (safeguarding.services), emailed to the other administrators."""
        before = (services.account_state(user=User.objects.select_related("agency").get(
            pk=obj.pk)) if change else None)
        super().save_model(request, obj, form, change)
        services.record_account_changes(actor=request.user, user=obj, before=before)


# Two-factor devices: an administrator removes a lost one (safeguarding.permissions); each
# removal goes in the audit log of accounts. django_otp registers its admins when imported
# (above, before this app's admin is done): they are replaced by these.
def describe_device(device) -> str:
    if isinstance(device, TOTPDevice):
        return "Authenticator app" if device.confirmed else "Authenticator app (not set up)"
    if isinstance(device, StaticDevice):
        return "Recovery codes"
    if isinstance(device, WebAuthnCredential):
        return "Passkey or security key"
    return str(device._meta.verbose_name).capitalize()


class RecordsRemovedDevices:
    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        services.record_two_factor_changes(actor=request.user, user=obj.user,
                                           devices=[(describe_device(obj), "")])

    def delete_queryset(self, request, queryset) -> None:
        for device in queryset.select_related("user"):
            self.delete_model(request, device)


for _model, _admin in ((TOTPDevice, otp_totp_admin.TOTPDeviceAdmin),
                       (StaticDevice, otp_static_admin.StaticDeviceAdmin),
                       (WebAuthnCredential, WebAuthnCredentialAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_admin.__name__,
                                     (RecordsRemovedDevices, PlainWordsAdmin, _admin), {}))

