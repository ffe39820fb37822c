from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = "Statutory clocks"

    def ready(self) -> None:
        from . import work_lists  # noqa: F401  registers this app's home-page lists
