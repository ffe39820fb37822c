import smtplib

from celery import shared_task

from . import services
from .models import Case


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=8)
def email_business_unit_about_referral(case_id: int) -> None:
    services.email_business_unit_about_referral(case=Case.objects.get(pk=case_id))
