from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Three parts, each with its own models, services, selectors, views and clocks: the
    rapid review, LCSPRs and action plans."""

    name = "reviews"
    verbose_name = "Rapid reviews, LCSPRs and action plans"

    def ready(self) -> None:
        # The LCSPR's services register what opens it when a rapid review concludes.
        from .action_plans import (  # noqa: F401  the sweep's escalations, the case's step
            clocks,
            services,
            work_lists,
            workflow,
        )
        from .lcspr import (  # noqa: F401,F811
            clocks,
            history,
            publication_workflow,
            services,
            work_lists,
            workflow,
        )
        from .lcspr.engagement import history as engagement_history  # noqa: F401
        from .lcspr.engagement import services as engagement_services  # noqa: F401
        from .lcspr.information_requests import services as request_services  # noqa: F401
        from .lcspr.reports import services as report_services  # noqa: F401
        from .learning import clocks, services, workflow  # noqa: F401,F811
        from .rapid_review import clocks, history, work_lists, workflow  # noqa: F401,F811
