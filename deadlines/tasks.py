import logging
import smtplib

from celery import shared_task
from django.core.management import call_command
from django.db import transaction

from . import calendar, services

logger = logging.getLogger(__name__)


@shared_task
def sweep_deadlines() -> None:
    """Every 15 minutes (CELERY_BEAT_SCHEDULE): make the notices that are due and queue
    their emails. A sweep that never ran is made up by the next one."""
    offered = services.sweep_deadlines()
    unsent = services.unsent_notice_ids()
    logger.info("Deadline sweep: %d notices offered, %d emails queued", offered, len(unsent))
    for notice_id in unsent:
        transaction.on_commit(lambda notice_id=notice_id: email_notice.delay(notice_id))


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True,
             retry_backoff_max=600, max_retries=10)
def email_notice(notice_id: int) -> None:
    services.email_notice(notice_id=notice_id)


@shared_task
def recompute_deadlines() -> None:
    """After a change to the calendar or the timescale policy."""
    calendar.forget()  # read the change now, not at this process's next version check
    call_command("recompute_deadlines", verbosity=0)
