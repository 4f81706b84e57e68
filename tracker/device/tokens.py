"""One-tap action tokens carried in a notification: signed, expiring, single-use.

The service worker posts the token back with no session cookie and no CSRF token: the
signature (Django's SECRET_KEY) says which person and occurrence it is for, the
timestamp bounds how long it works, and its nonce is spent in `ActionTokenUse` so it
works once.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing

SALT = "tracker.device.action"
MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Action:
    user_id: int
    commitment_id: int
    occurrence_date: date
    due_at: datetime | None
    nonce: str


def make_token(
    *, user_id: int, commitment_id: int, occurrence_date: date, due_at: datetime | None
) -> str:
    """A token that records one occurrence as kept, for `MAX_AGE` from now."""
    return signing.dumps(
        {
            "u": user_id,
            "c": commitment_id,
            "d": occurrence_date.isoformat(),
            "t": due_at.isoformat() if due_at else None,
            "n": secrets.token_urlsafe(16),
        },
        salt=SALT,
    )


def read_token(token: str) -> Action | None:
    """The action a genuine, unexpired token names; None for anything else."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return Action(
            user_id=int(value["u"]),
            commitment_id=int(value["c"]),
            occurrence_date=date.fromisoformat(value["d"]),
            due_at=datetime.fromisoformat(value["t"]) if value["t"] else None,
            nonce=str(value["n"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
