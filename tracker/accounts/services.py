"""Account writes: sign-up and its confirmation, and the name django-axes counts."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from tracker import emails
from tracker.models import (
    DataSettings,
    User,
    UserManager,
)

# --- Accounts -----------------------------------------------------------------------------


def _confirmation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return emails.absolute_url(reverse("signup-confirm", args=[uid, token]))


def register(*, email: str, password: str, time_zone: str) -> None:
    """Start a sign-up without revealing whether the address already has an account.

    A new address gets an inactive account and a link that confirms it. An address
    waiting for confirmation gets the new password and a fresh link. A confirmed account
    is left alone, and its owner is told someone tried to sign up with it.
    """
    email = User.objects.normalize_email_address(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        already_confirmed = user is not None and user.is_active
        if not already_confirmed:
            user = user or User(email=email, is_active=False)
            user.time_zone = time_zone
            user.set_password(password)
            user.save()
    if already_confirmed:
        emails.send(
            to=email,
            template="signup_existing",
            context={
                "login_url": emails.absolute_url(reverse("login")),
                "reset_url": emails.absolute_url(reverse("password_reset")),
            },
        )
    else:
        emails.send(
            to=email, template="signup_confirm", context={"confirm_url": _confirmation_url(user)}
        )


def confirm_signup(*, uidb64: str, token: str) -> User | None:
    """Activate the account a confirmation link names; None if the link is not valid.

    The token covers the last sign-in time, so a link works until the account is used.
    """
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    with transaction.atomic():
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        # Following the link proves the address works: reminders may go to it.
        settings_row = DataSettings.objects.for_user(user)
        if not settings_row.email_verified:
            settings_row.mark_verified(user.email)
    return user


def axes_username(request, credentials: dict) -> str:
    """The sign-in name django-axes counts failures against: the email, lower-cased, so
    "Sam@Example.com" and "sam@example.com" share one lock, as they share one account."""
    return UserManager.normalize_email_address((credentials or {}).get("username", ""))
