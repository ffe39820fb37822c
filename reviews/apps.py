from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Three parts, each with its own models, services, selectors, views and clocks: the
    rapid review, LCSPRs and action plans."""

    name = "reviews"
    verbose_name = "Rapid reviews, LCSPRs and action plans"

    def ready(self) -> None:
        from .rapid_review import clocks, history, work_lists, workflow  # noqa: F401
