from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = "Statutory clocks"

    def ready(self) -> None:
        from . import checks, work_lists, workflow  # noqa: F401  registers them

        post_migrate.connect(write_clock_policy, sender=self,
                             dispatch_uid="deadlines.write_clock_policy")


def write_clock_policy(sender, *, using: str, apps=global_apps, verbosity: int = 1,
                       **kwargs) -> None:
    """After every migrate (and every flush, which tests run): the clocks each app declares
    beside its rules get their rows (services.write_clock_policy says what is kept). Skipped
    while the Clock table is not at the shape of the code (a migrate back to an earlier
    state). A flush sends no ``apps``: the tables are the code's then."""
    from . import services
    from .models import Clock

    try:
        migrated = apps.get_model("deadlines", "Clock")
    except LookupError:
        return
    if ({field.column for field in migrated._meta.concrete_fields}
            != {field.column for field in Clock._meta.concrete_fields}):
        return
    changed = services.write_clock_policy(using=using)
    if changed and verbosity >= 1:
        print(f"  Timescale policy: {len(changed)} clock rows written from their "
              f"declarations ({', '.join(changed)})")
