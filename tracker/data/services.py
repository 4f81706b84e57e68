"""Writes and emails for the data area: unsubscribe and deletion.

Every email goes through `tracker.emails.send`, with the user's one-click unsubscribe link
and `List-Unsubscribe` headers; every link in them is built from SITE_URL.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.utils import timezone

from tracker import emails
from tracker.models import DataSettings

logger = logging.getLogger(__name__)


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
