from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Read-only oversight of the partnership's work: the pipeline, the timeliness of every
    clock, learning themes across reviews, the annual report and exports. It writes nothing
    but its own theme tags."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = "Oversight"

    def ready(self) -> None:
        from safeguarding import figures_cache

        from . import (
            tasks,
            work_lists,  # noqa: F401  registers the manager's home-page lists
        )
        from .themes import case_panel  # noqa: F401  the case page's learning themes

        # The pipeline, timeliness, themes and annual report figures counted again after a
        # write (safeguarding.figures_cache), for the next view to find them kept.
        figures_cache.queues_warm_up(tasks.queue_warm_up)
