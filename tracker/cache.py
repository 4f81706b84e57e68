"""The one cache for rendered pieces keyed by the data they show.

The progress page, a commitment's progress panel and the calendar feed are costly to
compute and change only when the user records or edits something. Each is cached under
`<kind>:<user id>:<hash>`, where the hash covers a fingerprint of the data it reads and
every setting that changes its output (local date, zone, week start, filters). Nothing is
ever invalidated: a change to the data changes the key, so the next request builds afresh
and the old entry ages out. Entries must hold nothing request-specific (no CSRF token,
no CSP nonce), so they can be served to any request with the same key.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches

# The longest an entry is kept; a change to what it shows changes its key long before.
CACHE_SECONDS = 6 * 60 * 60
# Part of every key: raise it when the cached markup changes (a template or a chart), so
# pages rendered by the previous release are not served after a deploy. 2: issue 13's
# "not recorded" figures and heatmap.
RENDER_VERSION = 2


def fingerprint(*parts) -> str:
    """A short hash of `parts` (by their repr): equal data, equal fingerprint."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cache_key(kind: str, user_id: int, *parts) -> str:
    """The one key format: what is cached, whose it is, and a hash of what it depends on."""
    return f"{kind}:{user_id}:{fingerprint(RENDER_VERSION, *parts)}"


def get_or_build[T](kind: str, user_id: int, *parts, build: Callable[[], T]) -> T:
    """The cached value for this key, or `build()`'s, stored for the next request."""
    return caches["local"].get_or_set(cache_key(kind, user_id, *parts), build, CACHE_SECONDS)
