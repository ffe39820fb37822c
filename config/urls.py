from django.contrib import admin
from django.urls import include, path

from forms import views as forms_views
from safeguarding import invitations, passkeys, two_factor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("health/", views.health, name="health"),
    path("account-changes/", views.account_changes, name="account-changes"),
    path("two-factor/", two_factor.verify, name="two-factor-verify"),
    path("two-factor/set-up/", two_factor.setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two-factor-codes"),
    # The one-time link emailed to a person to set up their second factor.
    path("two-factor/invitation/<str:token>/", invitations.open_invitation,
         name="two-factor-invitation"),
    path("two-factor/passkeys/", passkeys.manage, name="two-factor-passkeys"),
    path("two-factor/passkeys/<int:credential_id>/remove/", passkeys.remove,
         name="two-factor-passkey-remove"),
    path("two-factor/passkeys/", include((passkeys.api_urlpatterns, "otp_webauthn"))),
    # One sign-in page for everybody, the admin included.
    path("admin/login/", views.admin_sign_in),
    path("cases/<str:reference>/notification-summary.pdf", forms_views.notification_summary,
         name="notification-summary"),
    path("cases/", include("cases.urls")),
    path("referrals/", include("forms.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("rapid-reviews/", include("reviews.urls")),
    path("lcsprs/", include("reviews.lcspr.urls")),
    path("action-plans/", include("reviews.action_plans.urls")),
    path("learning/", include("reviews.learning.urls")),
    path("oversight/", include("oversight.urls")),
    path("refer/", forms_views.public_referral, name="public-referral"),
    path("refer/sent/", forms_views.public_referral_sent, name="public-referral-sent"),
    path("admin/", admin.site.urls),
]
