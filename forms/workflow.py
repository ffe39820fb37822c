"""The referral's transitions: its author submits the draft (which opens a case); a referral
from the public referral page arrives submitted."""

from django.urls import reverse

from safeguarding import workflow
from safeguarding.workflow import transition

from .models import Referral

REFERRAL = workflow.declare(
    workflow.Workflow(model=Referral, noun="referral", states=Referral.Status,
                      case_id=lambda referral: referral.case_id,
                      describe=lambda referral: "Referral"),
    transition("submit_referral", "Submit the referral", done="Referral submitted",
               sources={Referral.Status.DRAFT}, target=Referral.Status.SUBMITTED,
               permission="case_forms.change_referral", who="the person who wrote it",
               page=lambda referral: reverse("case_forms:check", args=[referral.pk])),
    transition("receive_public_referral", "Receive a referral from the public",
               done="Referral received from the public referral page", sources=(),
               target=Referral.Status.SUBMITTED, automatic=True),
)
