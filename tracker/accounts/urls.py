"""Account URLs under /accounts/: django-allauth's pages, Steady's settings, and the
addresses people bookmarked before allauth (they redirect to allauth's pages)."""

from django.urls import include, path
from django.views.generic import RedirectView

from tracker.accounts import views

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("data/", include("tracker.data.account_urls")),
    # Before allauth's own, so "check your email" names the address and offers a resend.
    path("confirm-email/", views.check_email, name="account_email_verification_sent"),
    # Addresses from before allauth.
    path(
        "password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=True),
    ),
    path(
        "password_change/",
        RedirectView.as_view(pattern_name="account_change_password", query_string=True),
    ),
    path(
        "data/email/",
        RedirectView.as_view(pattern_name="account_email", query_string=True),
    ),
    # Passkeys are managed on the settings page; allauth's own lists send you there.
    path("2fa/", RedirectView.as_view(pattern_name="settings"), name="mfa_index"),
    path("2fa/webauthn/", RedirectView.as_view(pattern_name="settings"), name="mfa_list_webauthn"),
    path("", include("allauth.urls")),
]
