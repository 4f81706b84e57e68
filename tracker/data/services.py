"""Writes and emails for the data area: unsubscribe and deletion.

Every email goes through `send_email`, which adds a one-click unsubscribe link and the
`List-Unsubscribe` headers (RFC 2369 and RFC 8058). Emails never carry notes or journal
text: only titles, times and links.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.models import DataSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "tracker.data.unsubscribe"


# --- Sending ----------------------------------------------------------------------------


def base_url(request_or_base_url: HttpRequest | str | None) -> str:
    """The site's address for links: from the request, a given URL, or SITE_URL."""
    if isinstance(request_or_base_url, HttpRequest):
        return request_or_base_url.build_absolute_uri("/").rstrip("/")
    return (request_or_base_url or settings.SITE_URL).rstrip("/")


def unsubscribe_token(user_id: int) -> str:
    """A signed, non-expiring token naming the user: it works signed out, from any email."""
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = value.get("u") if isinstance(value, dict) else None
    return user_id if isinstance(user_id, int) else None


def send_email(
    *, to: str, user_id: int, template: str, context: dict, site: str | None = None
) -> None:
    """Render templates/emails/<template>_subject.txt, .txt and .html, and send them."""
    site = base_url(site)
    unsubscribe_url = site + reverse("data-unsubscribe", args=[unsubscribe_token(user_id)])
    context = {**context, "site_url": site, "unsubscribe_url": unsubscribe_url}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


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
            lambda: send_email(
                to=address,
                user_id=user_id,
                template="account_deleted",
                context={"name": name},
            )
        )
