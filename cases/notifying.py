"""Who must be told of an incident, in one place: the clocks, the workflow's guard, the case
page and the printed summary all ask here.

- A serious child safeguarding incident (abuse or neglect known or suspected; the partners'
  decision to notify, 004 section 5.2) is one online notification, which the National Panel
  shares with Ofsted and DfE (004 section 5.3): one record, one statutory clock.
- A looked-after child's death is notified to Ofsted and DfE whether or not abuse or neglect
  is known or suspected (004 section 5.3; 000 stage 1; 002 section 3); a death in a regulated
  setting or service to Ofsted (000 stage 1). Neither starts the National Panel's rapid
  review clocks unless the partners decide to notify the Panel.
- A care leaver's death, up to and including age 24, is notified to the Secretary of State
  (DfE) and Ofsted within 5 working days (Working Together 2023 as updated in December
  2023); never to child death review partners, who cover children only.
- The child death review partners are told separately when a child died (002 section 3).
"""

from safeguarding.choices import YesNoUnsure
from safeguarding.models import LocalPolicy

from .models import Case, Notification

R = Notification.Recipient
# The online notification covers these too (004 section 5.3).
COVERED_BY_ONLINE_NOTIFICATION = {R.OFSTED, R.DFE}


def _referral(case: Case):
    return getattr(case, "referral", None)


def _care_leaver_died(referral) -> bool:
    return (referral.child_died and referral.care_leaver == YesNoUnsure.YES
            and LocalPolicy.current().ask_about_care_leaver_deaths)


def a_child_died(case: Case) -> bool:
    """A child died: not a care leaver, who is an adult (child death review covers
    children only)."""
    referral = _referral(case)
    if referral is None or not referral.child_died:
        return False
    return referral.looked_after == YesNoUnsure.YES or not _care_leaver_died(referral)


def death_notifications(case: Case) -> list[str]:
    """The notifications a death requires whatever the partners decide about the National
    Panel."""
    referral = _referral(case)
    if referral is None or not referral.child_died:
        return []
    recipients: list[str] = []
    if referral.looked_after == YesNoUnsure.YES or _care_leaver_died(referral):
        recipients += [R.OFSTED, R.DFE]
    if referral.regulated_setting == YesNoUnsure.YES and R.OFSTED not in recipients:
        recipients.append(R.OFSTED)
    return recipients


def the_panel_may_be_notified(case: Case) -> bool:
    """Until the partners decide otherwise, the National Panel's clock runs: the local
    authority has 5 working days from becoming aware whatever stage the screening is at."""
    return case.screening_decision in ("", Case.ScreeningDecision.NOTIFY)


def required_recipients(case: Case) -> list[str]:
    """Each notification the case needs, in the order they are usually made."""
    recipients: list[str] = []
    online = case.screening_decision == Case.ScreeningDecision.NOTIFY
    if online:
        recipients.append(R.NATIONAL_PANEL)
    deaths = death_notifications(case)
    recipients += [r for r in deaths if not (online and r in COVERED_BY_ONLINE_NOTIFICATION)]
    if a_child_died(case) and (online or deaths):
        recipients.append(R.CHILD_DEATH_REVIEW)
    return recipients


def why_required(case: Case) -> str:
    """The reason, in the seeds' words, for the notifications a death requires."""
    referral = _referral(case)
    if referral is None:
        return ""
    reasons = referral.criteria_requiring_notification(
        ask_about_care_leavers=LocalPolicy.current().ask_about_care_leaver_deaths)
    return "; ".join(reasons)
