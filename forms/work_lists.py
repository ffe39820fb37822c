"""The referral lists on home pages."""

from django.utils.formats import date_format

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from .models import Referral


@provides_work_list(Role.AGENCY_CONTRIBUTOR, "Your draft referrals")
def draft_referrals(user: User) -> list[WorkItem]:
    drafts = Referral.objects.filter(created_by=user, status=Referral.Status.DRAFT)[:50]
    return [WorkItem(text=f"Draft referral started {date_format(draft.created_at, 'j F Y')}",
                     url=draft.get_absolute_url()) for draft in drafts]
