from celery import shared_task

from . import warm_up


@shared_task
def warm_up_figures() -> None:
    """After a write to what the oversight figures count (safeguarding.figures_cache)."""
    warm_up.warm_up_figures()


def queue_warm_up() -> None:
    """Registered with figures_cache (apps.py): called once the write commits."""
    warm_up_figures.apply_async(countdown=warm_up.WAIT)
