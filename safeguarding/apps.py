from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Partnership: agencies and users"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  registers the deployment checks
            permissions,  # noqa: F401  registers the object permission rules
            work_lists,  # noqa: F401  registers the administrator's home-page list
        )
