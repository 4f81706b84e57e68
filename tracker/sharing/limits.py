"""Token lookups: a per-client rate limit, and one cost for every wrong token.

The counts live in each process's memory (the "limits" cache), never in the database or
on disk: a rate limit must not become a log of who opened a shared page and when. Keys
hold a keyed hash of the address, not the address.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches

# Lookups allowed per client address per window (SHARED_PAGE_LOOKUP_LIMIT, default 60):
# plenty for a person re-opening their page, far too few to guess a 256-bit token.
LOOKUP_WINDOW = 10 * 60
# Every wrong or dead token answers after at least this long, whatever made it wrong.
WRONG_TOKEN_SECONDS = 0.05


def _client_key(request) -> str:
    # The one client-address rule (TRUSTED_PROXY_COUNT, TRUSTED_CLIENT_IP_HEADER) that every
    # other limit uses: django-allauth's, as Steady's adapter configures it.
    from allauth.account.adapter import get_adapter

    address = (get_adapter(request).get_client_ip(request) or "unknown").encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()
    return f"share-lookups:{digest[:32]}"


def over_limit(request) -> bool:
    """Count one token lookup from this client; True once it is over the limit."""
    counts = caches["limits"]
    key = _client_key(request)
    if counts.add(key, 1, LOOKUP_WINDOW):
        return False
    try:
        count = counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, LOOKUP_WINDOW)
        count = 1
    return count > settings.SHARED_PAGE_LOOKUP_LIMIT


def wait_out(started: float) -> None:
    """Sleep until `WRONG_TOKEN_SECONDS` after `started` (a `time.monotonic()` reading)."""
    remaining = WRONG_TOKEN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
