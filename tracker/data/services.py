"""Writes and emails for the data area: verification, email change, unsubscribe, deletion.

Every email goes through `tracker.emails.send`, with the user's one-click unsubscribe link
and `List-Unsubscribe` headers; every link in them is built from SITE_URL.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tracker import emails
from tracker.models import DataSettings

logger = logging.getLogger(__name__)

VERIFY_SALT = "tracker.data.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)
# Re-sending is allowed once a minute, so a verification link cannot be used to flood
# an address (the user's own or one typed in as a new address).
RESEND_WAIT = timedelta(minutes=1)


# --- Email verification -----------------------------------------------------------------


def verification_token(*, user_id: int, email: str) -> str:
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"u": user_id, "e": email})


def send_verification_email(*, user, address: str | None = None) -> bool:
    """Email a signed link that proves the user reads `address` (default: their login
    email). Returns False, sending nothing, when a link went out less than a minute ago."""
    row = DataSettings.objects.for_user(user)
    now = timezone.now()
    if row.verification_sent_at and now - row.verification_sent_at < RESEND_WAIT:
        return False
    address = address or user.email
    token = verification_token(user_id=user.pk, email=address)
    emails.send(
        to=address,
        template="verify_email",
        context={
            "verify_url": emails.absolute_url(reverse("data-email-verify", args=[token])),
            "address": address,
            "days": VERIFY_MAX_AGE.days,
            "is_change": address.lower() != user.email.lower(),
        },
        unsubscribe_user_id=user.pk,
    )
    row.verification_sent_at = now
    row.save(update_fields=["verification_sent_at"])
    return True


def request_email_change(*, user, new_email: str) -> bool:
    """Remember the new address as pending and send it a verification link; the login
    email stays as it is until the link is followed."""
    row = DataSettings.objects.for_user(user)
    row.pending_email = new_email
    row.verification_sent_at = None  # A new address deserves its link at once.
    row.save(update_fields=["pending_email", "verification_sent_at"])
    return send_verification_email(user=user, address=new_email)


@dataclass(frozen=True)
class Verification:
    """What a verification link says, once checked: whose it is and for which address."""

    user: object | None
    email: str
    problem: str = ""


def read_verification_token(token: str) -> Verification:
    """Check a link's signature, age and that it still matches the account."""
    try:
        value = signing.TimestampSigner(salt=VERIFY_SALT).unsign_object(
            token, max_age=VERIFY_MAX_AGE
        )
    except signing.SignatureExpired:
        return Verification(None, "", "This link has expired. Ask for a new one.")
    except signing.BadSignature:
        return Verification(None, "", "This link is not valid. Ask for a new one.")
    user = (
        get_user_model()
        .objects.filter(pk=value.get("u"), is_active=True)
        .select_related("data_settings")
        .first()
    )
    email = str(value.get("e", ""))
    if user is None:
        return Verification(None, "", "This link is not valid. Ask for a new one.")
    pending = getattr(getattr(user, "data_settings", None), "pending_email", "")
    if email.lower() not in {user.email.lower(), pending.lower()}:
        return Verification(None, "", "This link is for an address no longer on the account.")
    return Verification(user, email)


def confirm_email(*, verification: Verification) -> str:
    """Mark the address verified; a pending new address becomes the login email.
    Returns a problem message, or "" when it worked."""
    user = verification.user
    email = verification.email
    User = get_user_model()
    with transaction.atomic():
        row = DataSettings.objects.select_for_update().get_or_create(user=user)[0]
        if email.lower() != user.email.lower():
            if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
                return "That address now belongs to another account, so it was not changed."
            user.email = email.lower()
            user.save(update_fields=["email"])
        row.mark_verified(user.email)
    return ""


# --- Unsubscribe ------------------------------------------------------------------------


def unsubscribe(*, user_id: int) -> None:
    """Stop every reminder email for this user (nothing to do for a deleted account)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        DataSettings.objects.for_user(user).unsubscribe()


# --- Leaving ----------------------------------------------------------------------------


def end_sessions(*, user_id: int) -> int:
    """Sign the user out everywhere: delete each stored session that belongs to them.

    Sessions are opaque blobs, so each unexpired one is decoded once, streamed in chunks;
    the matches are then deleted through the session engine (which also clears a cache).
    Returns how many were ended.
    """
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        .only("session_key", "session_data")
        .iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) == wanted
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


def delete_account(*, user) -> None:
    """Delete the user and every row they own (by cascade), end all their sessions, and
    confirm by email once the deletion is committed."""
    address = user.email
    user_id = user.pk
    name = user.display_name
    with transaction.atomic():
        end_sessions(user_id=user_id)
        user.delete()
        transaction.on_commit(
            lambda: emails.send(
                to=address,
                template="account_deleted",
                context={"name": name},
                unsubscribe_user_id=user_id,
            )
        )
