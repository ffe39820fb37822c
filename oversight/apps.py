from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Read-only oversight of the partnership's work: the pipeline, the timeliness of every
    clock, learning themes across reviews, the annual report and exports. It writes nothing
    but its own theme tags."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = "Oversight"

    def ready(self) -> None:
        from . import work_lists  # noqa: F401  registers the manager's home-page lists
        from .themes import case_panel  # noqa: F401  the case page's learning themes
