import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions() -> None:
    """Every hour (CELERY_BEAT_SCHEDULE): expired sessions are deleted, not left in the
    session store until someone runs clearsessions."""
    services.clear_expired_sessions()
    logger.info("Expired sessions cleared")


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=8)
def email_administrators_about_account_changes(change_ids: list[int]) -> None:
    """A change to someone's role, agency, active flag or two-factor devices, emailed to the
    other active administrators once the change is committed."""
    services.email_administrators_about_account_changes(change_ids=change_ids)
