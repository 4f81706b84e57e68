"""The one fingerprint cache: one key format, a new key whenever anything shown changes."""

import re
from datetime import UTC, date, datetime

import time_machine
from django.core.cache import caches
from django.urls import reverse

from tests.tracker.factories import make_checkin, make_routine
from tracker import cache as steady_cache
from tracker.models import DataSettings

KEY = re.compile(r"^(?P<kind>[a-z-]+):(?P<user>\d+):[0-9a-f]{32}$")


def test_the_same_parts_give_the_same_key_and_any_change_a_new_one():
    key = steady_cache.cache_key("progress", 7, "fingerprint", "2026-03-05", "Europe/London", 0)
    assert key == steady_cache.cache_key(
        "progress", 7, "fingerprint", "2026-03-05", "Europe/London", 0
    )
    assert KEY.match(key)
    others = {
        steady_cache.cache_key("feed", 7, "fingerprint", "2026-03-05", "Europe/London", 0),
        steady_cache.cache_key("progress", 8, "fingerprint", "2026-03-05", "Europe/London", 0),
        steady_cache.cache_key("progress", 7, "changed", "2026-03-05", "Europe/London", 0),
        steady_cache.cache_key("progress", 7, "fingerprint", "2026-03-06", "Europe/London", 0),
        steady_cache.cache_key("progress", 7, "fingerprint", "2026-03-05", "Asia/Tokyo", 0),
        steady_cache.cache_key("progress", 7, "fingerprint", "2026-03-05", "Europe/London", 6),
    }
    assert key not in others
    assert len(others) == 6


def test_get_or_build_builds_once_until_a_part_changes():
    calls = []

    def build():
        calls.append(1)
        return f"built {len(calls)}"

    assert steady_cache.get_or_build("feed", 1, "a", build=build) == "built 1"
    assert steady_cache.get_or_build("feed", 1, "a", build=build) == "built 1"
    assert steady_cache.get_or_build("feed", 1, "b", build=build) == "built 2"
    assert len(calls) == 2


def cached_kinds(user) -> set[str]:
    """The kinds of entry in the cache for `user`, checking each key's format."""
    kinds = set()
    for stored in caches["local"]._cache:  # LocMemCache: keys are ":<version>:<key>".
        key = stored.split(":", 2)[2]
        match = KEY.match(key)
        assert match, key
        if int(match["user"]) == user.pk:
            kinds.add(match["kind"])
    return kinds


def test_progress_the_commitment_page_and_the_feed_all_use_it(owner_client, owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    make_checkin(routine, date(2026, 3, 2))
    token = DataSettings.objects.for_user(owner).feed_token
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        assert owner_client.get(reverse("tracker:progress")).status_code == 200
        assert owner_client.get(routine.get_absolute_url()).status_code == 200
        assert owner_client.get(reverse("tracker:calendar-feed", args=[token])).status_code == 200
    assert cached_kinds(owner) == {"progress", "progress-filters", "commitment-progress", "feed"}


def test_a_check_in_gives_the_progress_panel_a_new_key(owner_client, owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        owner_client.get(routine.get_absolute_url())
        before = set(caches["local"]._cache)
        make_checkin(routine, date(2026, 3, 4))
        owner_client.get(routine.get_absolute_url())
    assert len(set(caches["local"]._cache) - before) == 1


def test_a_new_render_version_gives_new_keys(monkeypatch):
    parts = ("progress", 7, "fingerprint", "2026-03-05", "Europe/London", 0)
    before = steady_cache.cache_key(*parts)
    monkeypatch.setattr(steady_cache, "RENDER_VERSION", steady_cache.RENDER_VERSION + 1)
    assert steady_cache.cache_key(*parts) != before


def test_a_worker_keeps_at_most_40_entries_within_its_memory_budget():
    # Issue 16: 40 entries of a progress page's size (about 150 KB) fit in the 6 MB a
    # worker has left of its 80 MB; trustsite/settings.py has the arithmetic.
    page = "x" * 150 * 1024
    for user_id in range(100):
        steady_cache.get_or_build("progress", user_id, "parts", build=lambda: page)
    held = caches["local"]._cache  # LocMemCache's own store: what the process holds
    assert len(held) <= 40
    assert sum(len(value) for value in held.values()) <= 6.5 * 1024 * 1024
    # The newest entries are the ones kept.
    assert caches["local"].get(steady_cache.cache_key("progress", 99, "parts")) == page
