from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Rapid reviews and LCSPRs"

    def ready(self) -> None:
        from . import clocks, history, work_lists, workflow  # noqa: F401  registers them
