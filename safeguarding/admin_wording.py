"""Plain words in the admin for a partnership administrator: a select's empty choice says what
to choose ("Choose an agency") rather than Django's "---------", and so does the list of
actions. Every ModelAdmin of the service mixes this in (its admin.py files)."""

from django.apps import apps
from django.contrib import admin
from django.db import models

CHOOSE_AN_ACTION = [("", "Choose an action")]


def choose(verbose_name) -> str:
    """ "Choose an agency", "Choose a role": the field's name in lower case with its article."""
    noun = str(verbose_name)
    noun = noun if noun[1:2].isupper() else noun[:1].lower() + noun[1:]  # keep "ICB", "SoS"
    return f"Choose {'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class PlainWordsAdmin(admin.ModelAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in self.radio_fields:
            kwargs.setdefault("empty_label", choose(db_field.verbose_name))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field: models.Field, request, **kwargs):
        if db_field.name not in self.radio_fields and "choices" not in kwargs:
            # The blank choice Django would offer (models.Field.formfield), in words.
            include_blank = db_field.blank or not (db_field.has_default()
                                                   or "initial" in kwargs)
            kwargs["choices"] = db_field.get_choices(
                include_blank=include_blank,
                blank_choice=[("", choose(db_field.verbose_name))])
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        """ "Users", not Django's "Select user to change"."""
        title = str(self.model._meta.verbose_name_plural)
        return super().changelist_view(
            request, {"title": title[:1].upper() + title[1:], **(extra_context or {})})

    def get_action_choices(self, request, default_choices=CHOOSE_AN_ACTION):
        return super().get_action_choices(request, default_choices=CHOOSE_AN_ACTION)


# The two-factor libraries' own names ("OTP_TOTP", "TOTP devices") on the admin's index, in the
# words the sign-in pages use.
TWO_FACTOR_NAMES = {
    "django_otp_webauthn": ("Two-factor sign-in: passkeys", "passkey or security key",
                     "passkeys and security keys"),
    "otp_totp": ("Two-factor sign-in: authenticator apps", "authenticator app",
                 "authenticator apps"),
    "otp_static": ("Two-factor sign-in: recovery codes", "set of recovery codes",
                   "recovery codes"),
}


def name_two_factor_apps() -> None:
    for label, (app_name, singular, plural) in TWO_FACTOR_NAMES.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.verbose_name = app_name
        for model in config.get_models():
            if model._meta.model_name in ("totpdevice", "staticdevice", "webauthncredential"):
                model._meta.verbose_name = singular
                model._meta.verbose_name_plural = plural
