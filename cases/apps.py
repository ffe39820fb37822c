from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from safeguarding.access import register_case_access_recorder

        from . import clocks, services, work_lists, workflow  # noqa: F401  registers them

        # The lists of cases the apps below show (deadlines, the home page) are logged here.
        register_case_access_recorder(services.record_cases_access)
