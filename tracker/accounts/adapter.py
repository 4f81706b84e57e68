"""How django-allauth behaves on Steady: links, emails, lockouts and passkeys.

allauth owns sign-up, sign-in, confirmation, reset, email change and passkeys; these
adapters only say where Steady differs from its defaults.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from tracker import emails
from tracker.emails import absolute_url
from tracker.http import safe_next_url

# Messages allauth would add that Steady's pages already say: signing in needs no
# announcement, and "check your email" names the address it wrote to. (A signed-in
# person changing their address does get the "we sent a link" message.)
_QUIET_MESSAGES = {"account/messages/logged_in.txt"}
_QUIET_WHEN_SIGNED_OUT = {"account/messages/email_confirmation_sent.txt"}


def safe_next(request: HttpRequest | None) -> str:
    """The request's `next` address if it stays on this site, else ""."""
    return safe_next_url(request, "") if request is not None else ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "That email address and password don't match an account.",
        "too_many_login_attempts": (
            "Sign-in is paused for this account from your network for a few minutes, "
            "after several wrong passwords. This keeps your account safe. Try again later, "
            "or reset your password."
        ),
        "rate_limited": "That's a lot of requests in a short time. Please wait a little.",
        "incorrect_password": "That password doesn't match your account.",
        "enter_current_password": "That isn't your current password.",
    }

    # --- Client address and lockout --------------------------------------------------

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address as the trusted proxies saw it (TRUSTED_PROXY_COUNT or
        TRUSTED_CLIENT_IP_HEADER). A forwarded-for header shorter than the proxy count
        cannot come through the proxies, so it is judged by the connection itself rather
        than failing the request."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META.get("REMOTE_ADDR") or "unknown"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failed sign-ins per account *and* client address, so someone guessing
        from their own network can never lock the owner out from another one."""
        login = str(credentials.get("email", credentials.get("username", ""))).strip().lower()
        return f"{self.get_client_ip(request)}:{login}"

    def get_login_stages(self) -> list[str]:
        """A passkey is another way to sign in, not a second step after the password:
        someone who signs in with their password is not then asked for their phone."""
        return [
            stage
            for stage in super().get_login_stages()
            if stage != "allauth.mfa.stages.AuthenticateStage"
        ]

    def save_user(self, request, user, form, commit=True):
        """The new account, with the time zone and week start chosen at sign-up."""
        data = getattr(form, "cleaned_data", {})
        if data.get("time_zone"):
            user.time_zone = data["time_zone"]
        if data.get("week_start") is not None:
            user.week_start = data["week_start"]
        return super().save_user(request, user, form, commit=commit)

    # --- Links in emails --------------------------------------------------------------

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link, carrying the `next` address the sign-up came with, so
        confirming lands on the page the visitor was heading for."""
        url = absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))
        next_url = safe_next(request)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", key))

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "login_url": absolute_url(reverse("account_login")),
                "password_reset_url": absolute_url(reverse("account_reset_password")),
            },
        )

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        """A confirmation link, except to an address that belongs to another account:
        asking to change to it gets the same page as any other address, and its owner
        gets the "you already have an account" note instead of a link."""
        from allauth.account.internal.userkit import filter_users_by_email

        address = emailconfirmation.email_address
        others = [u for u in filter_users_by_email(address.email) if u.pk != address.user_id]
        if others:
            self.send_account_already_exists_mail(address.email)
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            **context,
            "site_url": absolute_url(""),
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": context.get("password_reset_url")
            or absolute_url(reverse("account_reset_password")),
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None) -> EmailMessage:
        """allauth's plain-text email, with an HTML part in Steady's email style."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        return emails.in_house_style(message)

    # --- Messages -----------------------------------------------------------------------

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
        if message_template in _QUIET_MESSAGES or (
            message_template in _QUIET_WHEN_SIGNED_OUT and not signed_in
        ):
            return
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )

    def respond_email_verification_sent(self, request, user):
        from allauth.core.internal.httpkit import headed_redirect_response

        response = headed_redirect_response("account_email_verification_sent")
        next_url = safe_next(request)
        if next_url and hasattr(response, "url"):
            response["Location"] = f"{response.url}?{urlencode({'next': next_url})}"
        return response


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That passkey didn't work. Try again, or use your password.",
    }

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        entity = super().get_public_key_credential_rp_entity()
        return {**entity, "name": "Steady"}

    def generate_authenticator_name(self, user, type) -> str:
        from allauth.mfa.models import Authenticator

        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return "My passkey" if count == 0 else f"Passkey {count + 1}"
