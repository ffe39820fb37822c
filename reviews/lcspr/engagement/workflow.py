"""What the practitioners and family add to the LCSPR's workflow (issue 13 items 5 and 12),
declared beside its lifecycle (reviews/lcspr/workflow.py). None moves the review's state:

- the partners' decision whether the reviewer commissioned sees the family and practitioner
  records (a setting on the review, recorded by the business unit);
- a practitioner involved, and how they take part (004 section 8.5), added or changed;
- a family member invited to contribute (004 sections 8.5 and 12.1), added or changed;
- a contact with one of them, by the business unit or, when the partners allow it, the
  reviewer (who usually engages the family).

No task is added to the review's task list: whoever may not see these records (the reviewer,
unless allowed) reads that list, and it must not show that they exist."""

from django.db.models import Q
from django.urls import reverse

from safeguarding.workflow import transition

from ..models import Lcspr
from ..workflow import BUSINESS_UNIT, LCSPR, OPEN

CONTACT = "record_engagement_contact"
ENGAGEMENT_STEPS = ("decide_reviewer_engagement_access", "record_practitioner",
                    "record_family_member", CONTACT)


def add_page(kind: str):
    return lambda lcspr: reverse("lcspr:engagement-add", args=[lcspr.pk, kind])


def _someone_to_contact(lcspr: Lcspr, user) -> str:
    """From the rows a page loaded, or else in one query (the review's page loads none)."""
    loaded = getattr(lcspr, "_prefetched_objects_cache", {})
    if "practitioners" in loaded and "family_members" in loaded:
        anyone = bool(loaded["practitioners"]) or bool(loaded["family_members"])
    else:
        anyone = Lcspr.objects.filter(Q(practitioners__isnull=False)
                                      | Q(family_members__isnull=False), pk=lcspr.pk).exists()
    return "" if anyone else "Record a practitioner or a family member first"


LCSPR.add(
    # Issue 13 item 12: "the reviewer sees ... family and practitioner records as the
    # partners allow".
    transition("decide_reviewer_engagement_access",
               "Decide whether the reviewer sees the practitioners and family",
               done="Partners' decision recorded whether the reviewer sees the practitioner "
                    "and family records",
               sources=OPEN, permission="reviews.run_lcspr", who=BUSINESS_UNIT,
               page=lambda lcspr: reverse("lcspr:engagement-access", args=[lcspr.pk])),
    # 004 section 8.5: practitioners are fully involved and invited to contribute.
    transition("record_practitioner", "Record a practitioner involved",
               done="Practitioner's involvement recorded", sources=OPEN,
               permission="reviews.run_lcspr", who=BUSINESS_UNIT,
               page=add_page("practitioner")),
    # 004 sections 8.5 and 12.1: families, including surviving children, are invited.
    transition("record_family_member", "Record a family member invited to contribute",
               done="Family member's involvement recorded", sources=OPEN,
               permission="reviews.run_lcspr", who=BUSINESS_UNIT,
               page=add_page("family-member")),
    transition(CONTACT, "Record a contact with a family member or practitioner",
               done="Contact with a family member or practitioner recorded", sources=OPEN,
               permission="reviews.record_lcspr_engagement_contact",
               who="the business unit, or the reviewer when the partners allow it",
               page=add_page("contact"), guards=[_someone_to_contact]),
)
