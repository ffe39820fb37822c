from django.apps import AppConfig


class CaseFormsConfig(AppConfig):
    name = "forms"
    # "forms" is the label of Django's own django.forms app.
    label = "case_forms"
    verbose_name = "Referral and information-gathering forms"

    def ready(self) -> None:
        from . import history, work_lists, workflow  # noqa: F401  registers them
