import smtplib

from celery import shared_task

from reviews.rapid_review.models import InformationReturn

from . import services

__all__ = ["email_lcspr_information_request"]


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=8)
def email_lcspr_information_request(information_return_id: int) -> None:
    services.email_lcspr_information_request(
        information_return=InformationReturn.objects.select_related(
            "review__case", "agency").get(pk=information_return_id))
