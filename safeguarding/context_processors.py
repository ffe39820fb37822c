from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict:
    """Service name, phase and the navigation the signed-in user may use."""
    user = getattr(request, "user", None)
    navigation = []
    verified = not settings.TWO_FACTOR_REQUIRED or (
        user is not None and getattr(user, "is_verified", lambda: False)())
    if user is not None and user.is_authenticated and verified:
        navigation.append(("Home", reverse("home")))
        if user.has_perm("case_forms.add_referral"):
            navigation.append(("Your referrals", reverse("case_forms:list")))
        if user.has_perm("cases.view_case"):
            navigation.append(("Cases", reverse("cases:list")))
        if user.has_perm("deadlines.view_dashboard"):
            navigation.append(("Deadlines", reverse("deadlines:dashboard")))
        if user.has_perm("reviews.view_action_plans"):
            navigation.append(("Action plans", reverse("action_plans:plans")))
        if user.has_perm("oversight.view_oversight"):
            navigation.append(("Oversight", reverse("oversight:index")))
        navigation.append(("Notices", reverse("deadlines:notices")))
        if user.has_perm("cases.view_decision_log"):
            navigation.append(("Decision log", reverse("cases:decision-log")))
        if user.has_perm("cases.view_access_log"):
            navigation.append(("Access log", reverse("cases:access-log")))
        if user.has_perm("safeguarding"):
            navigation.append(("Agencies and users", reverse("admin:index")))
    return {
        "service_phase": settings.SERVICE_PHASE,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "navigation": navigation,
    }
