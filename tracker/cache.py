"""The one cache for rendered pieces keyed by the data they show.

Today, a commitment's page, progress, the journal, the data page, the shared page and the
calendar feed are costly to compute and change only when someone records or edits
something. Each is cached under `<kind>:<user id>:<hash>`, where the hash covers the
owner's *data version* and every setting that changes the output (local date, zone, week
start, filters). Nothing is ever invalidated: a change to the data changes the version,
so the next request builds afresh and the old entry ages out.

The data version is a random token per user, kept in the `shared` cache (files every
worker of the host sees) and replaced after every write: by `DataVersionMiddleware`
after any POST (or other unsafe request) of a signed-in user, and by `data_changed()`
where data changes without one (the shared page's notes, a notification's action, the
admin). A reader takes the token *before* it reads the data, and the token changes only
*after* the write has committed, so an entry can never pair a new token with old data.
A lost token (culled, or the cache folder emptied) only means one rebuild.

Entries are per process (`local`) and must hold nothing request-specific: a CSRF token is
rendered as `CSRF_PLACEHOLDER` and `page_html()` puts the request's own token in its place
(no CSP nonce, no `request` or `user` in cached templates).
"""

import hashlib
import pickle
import secrets
import zlib
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import caches
from django.db import transaction
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# The longest an entry is kept; a change to what it shows changes its key long before.
CACHE_SECONDS = 6 * 60 * 60
# Part of every key: raise it when the cached markup changes (a template or a chart), so
# pages rendered by the previous release are not served after a deploy. 2: issue 13's
# "not recorded" figures and heatmap. 3: whole page bodies keyed by the data version.
RENDER_VERSION = 3

# The largest entry kept, compressed.
MAX_ENTRY_BYTES = 32 * 1024
# A version outlives every entry made under it; after that, losing it costs nothing.
VERSION_SECONDS = 4 * CACHE_SECONDS
# Stands for the CSRF token in cached HTML. Random per process (entries are per process
# too), so no title or note a user types can ever match it.
CSRF_PLACEHOLDER = f"csrf{secrets.token_hex(12)}"
# Whose version changes when staff edit in the admin (the guide, or anyone's data).
EVERYONE = 0


def fingerprint(*parts) -> str:
    """A short hash of `parts` (by their repr): equal data, equal fingerprint."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cache_key(kind: str, user_id: int, *parts) -> str:
    """The one key format: what is cached, whose it is, and a hash of what it depends on."""
    return f"{kind}:{user_id}:{fingerprint(RENDER_VERSION, *parts)}"


def get_or_build[T](kind: str, user_id: int, *parts, build: Callable[[], T]) -> T:
    """The cached value for this key, or `build()`'s, stored for the next request.

    The key always holds the owner's data version and the admin's, so callers pass only
    what else the value depends on (dates, settings, filters)."""
    versions = (data_version(user_id), data_version(EVERYONE))
    key = cache_key(kind, user_id, versions, *parts)
    local = caches["local"]
    stored = local.get(key)
    if stored is not None:
        return pickle.loads(zlib.decompress(stored))  # noqa: S301 - only we write it
    value = build()
    # Compressed, pages take a tenth of the memory; one too big to keep is built afresh
    # each time rather than crowding out others (settings.CACHES has the arithmetic).
    blob = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
    if len(blob) <= MAX_ENTRY_BYTES:
        local.set(key, blob, CACHE_SECONDS)
    return value


def page_html(
    request, kind: str, user_id: int, *parts, build: Callable, store: bool = True
) -> SafeString | dict[str, SafeString]:
    """Cached HTML with this request's CSRF token in it (`store=False`: built afresh, for
    a page that says something only this once).

    `build()` renders with `render_cached()`."""
    value = get_or_build(kind, user_id, *parts, build=build) if store else build()
    if isinstance(value, dict):  # several pieces of one page: {"title": …, "body": …}
        return {name: _with_token(request, html) for name, html in value.items()}
    return _with_token(request, value)


def _with_token(request, html: str) -> SafeString:
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our templates, escaped there


def render_cached(template: str, context: dict, *, zone) -> str:
    """`template` (a page's `#body` partial, say) as HTML to cache: rendered without the
    request, dates in the user's `zone`, forms given the placeholder token."""
    with timezone.override(zone):
        return render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER})


# --- Data versions ------------------------------------------------------------------------


def _version(key: str) -> str:
    shared = caches["shared"]
    version = shared.get(key)
    if version is None:
        # Unknown (first use, or culled): a new token, so nothing older can match it.
        # `add` keeps a token a concurrent writer has just set.
        shared.add(key, secrets.token_hex(8), VERSION_SECONDS)
        version = shared.get(key)
    return version


def _renew(key: str) -> None:
    """A new token now, for the rest of this request, and again once the surrounding
    transaction commits, so a reader between the two cannot keep data it read before
    the commit."""

    def renew() -> None:
        caches["shared"].set(key, secrets.token_hex(8), VERSION_SECONDS)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def data_version(user_id: int) -> str:
    """The user's current data version (`EVERYONE`: the admin's)."""
    return _version(f"data-version:{user_id}")


def data_changed(user_id: int) -> None:
    """Say that the user's data changed: cached pages of theirs are rebuilt."""
    _renew(f"data-version:{user_id}")


def user_version(user_id: int) -> str:
    """The version of the user's own row (tracker.accounts.backends keeps the loaded user
    under it): renewed only when the row is saved, so a check-in leaves it alone."""
    return _version(f"user-version:{user_id}")


def user_changed(user_id: int) -> None:
    _renew(f"user-version:{user_id}")


# The signed-in user whose unsafe request is being answered: DataVersionMiddleware renews
# their version once the view is done, so the signals below need not for each row.
renewing_after_request: ContextVar[int | None] = ContextVar("renewing_after_request", default=None)


# --- Writes outside a request ---------------------------------------------------------------
# The middleware covers every write a person makes; these cover the rest (the admin, tasks,
# commands, the shell): saving or deleting any row a cached page may show renews its
# owner's version. A cascade (a commitment's check-ins going with it) is said once, by the
# row whose deletion caused it.

# How to find whose a row is, for the models whose rows have no owner or user column.
_OWNER_VIA = {
    "checkin": ("commitment", "tracker.Commitment", "owner_id"),
    "commitmentpause": ("commitment", "tracker.Commitment", "owner_id"),
    "commitmentreminder": ("commitment", "tracker.Commitment", "owner_id"),
    "personshare": ("person", "tracker.Person", "owner_id"),
    "repair": ("checkin", "tracker.CheckIn", "commitment__owner_id"),
}
# Rows no cached page shows, written often.
_IGNORED = {"vapidkey", "actiontokenuse", "offlinereceipt", "reminderlog"}


def _owner_of(instance) -> int | None:
    """Whose data `instance` is: its owner's or user's id, its parent's owner's, or
    `EVERYONE` for the guide."""
    meta = instance._meta
    if meta.app_label == "guidance" and not hasattr(instance, "user_id"):
        return EVERYONE
    if meta.model_name == "user":
        return instance.pk
    for field in ("owner_id", "user_id"):
        if hasattr(instance, field):
            return getattr(instance, field)
    via = _OWNER_VIA.get(meta.model_name)
    if via is None:
        return None
    name, model, owner = via
    field = meta.get_field(name)
    if field.is_cached(instance):
        parent = field.get_cached_value(instance)
        if parent is not None and owner == "owner_id":
            return parent.owner_id
    from django.apps import apps

    parent_id = getattr(instance, field.attname)
    found = apps.get_model(model)._default_manager.filter(pk=parent_id).values_list(owner)
    return next(iter(found), (None,))[0]


def _changed(instance) -> None:
    if instance._meta.model_name == "user":
        user_changed(instance.pk)
    owner = _owner_of(instance)
    if owner is not None and owner != renewing_after_request.get():
        data_changed(owner)


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # not loading a fixture
        _changed(instance)


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    if origin is not None and origin is not instance:
        cascade = origin.model if isinstance(origin, QuerySet) else type(origin)
        if cascade is not sender:
            return  # the deleted parent says it for its children
    _changed(instance)


def connect_signals() -> None:
    """Called once from the tracker app's `ready()`."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in ("tracker", "guidance") or meta.model_name in _IGNORED:
            continue
        if meta.model_name.startswith("historical"):
            continue
        uid = f"tracker.cache:{meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
