"""The one cache: one key format, a new key whenever anything shown changes."""

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
    assert cached_kinds(owner) == {
        "user",
        "progress-page",
        "progress",
        "progress-filters",
        "commitment",
        "commitment-progress",
        "feed",
    }


def test_a_check_in_gives_the_page_and_its_progress_panel_new_keys(owner_client, owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        owner_client.get(routine.get_absolute_url())
        before = set(caches["local"]._cache)
        make_checkin(routine, date(2026, 3, 4))
        owner_client.get(routine.get_absolute_url())
    fresh = set(caches["local"]._cache) - before
    assert {KEY.match(key.split(":", 2)[2])["kind"] for key in fresh} == {
        "commitment",
        "commitment-progress",
    }


def test_a_new_render_version_gives_new_keys(monkeypatch):
    parts = ("progress", 7, "fingerprint", "2026-03-05", "Europe/London", 0)
    before = steady_cache.cache_key(*parts)
    monkeypatch.setattr(steady_cache, "RENDER_VERSION", steady_cache.RENDER_VERSION + 1)
    assert steady_cache.cache_key(*parts) != before


# --- Whole pages from the cache (the data version) --------------------------------------


def test_a_cached_page_is_never_served_to_another_user(owner_client, owner, client, other_user):
    routine = make_routine(owner, start_date=date(2026, 3, 1), title="Walk with Sam")
    assert owner_client.get(routine.get_absolute_url()).status_code == 200
    assert "Walk with Sam" in owner_client.get(reverse("tracker:today")).content.decode()
    client.force_login(other_user)
    assert client.get(routine.get_absolute_url()).status_code == 404
    assert "Walk with Sam" not in client.get(reverse("tracker:today")).content.decode()


def test_each_response_gets_its_own_working_csrf_token(owner, password):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    tokens = []
    for _ in range(2):
        html = browser.get(reverse("tracker:today")).content.decode()
        assert steady_cache.CSRF_PLACEHOLDER not in html
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1])
    assert tokens[0] != tokens[1]  # masked afresh for each response, though cached
    url = reverse("tracker:check-in", args=[routine.pk])
    day = routine.start_date.isoformat()
    for token in tokens:
        response = browser.post(
            url, {"csrfmiddlewaretoken": token, "occurrence_date": day, "state": "kept"}
        )
        assert response.status_code == 302


def test_a_post_renews_the_version_so_today_shows_it_at_once(owner_client, owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1), title="Call Sam")
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        before = steady_cache.data_version(owner.pk)
        assert 'value="kept"' in owner_client.get(reverse("tracker:today")).content.decode()
        owner_client.post(
            reverse("tracker:check-in", args=[routine.pk]),
            {"occurrence_date": "2026-03-05", "state": "kept", "next": "/today/"},
        )
        assert steady_cache.data_version(owner.pk) != before
        html = owner_client.get(reverse("tracker:today")).content.decode()
    assert "Undo" in html


def test_a_check_in_keeps_the_cached_user_and_a_change_to_the_user_drops_it(
    owner_client, owner, django_assert_num_queries
):
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        owner_client.get(reverse("tracker:today"))
        owner_client.post(
            reverse("tracker:check-in", args=[routine.pk]),
            {"occurrence_date": "2026-03-05", "state": "kept", "next": "/today/"},
        )
        owner_client.get(reverse("tracker:today"))
        with django_assert_num_queries(0):  # neither the user nor the page read again
            owner_client.get(reverse("tracker:today"))
        owner.time_zone = "Asia/Tokyo"
        owner.save()
        with django_assert_num_queries(1):  # the user's row, read afresh
            owner_client.get("/-/baseline/")


def test_a_save_outside_any_request_renews_the_owners_version(owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1))
    before = steady_cache.data_version(owner.pk)
    make_checkin(routine, date(2026, 3, 2))
    assert steady_cache.data_version(owner.pk) != before


def test_deleting_a_commitment_renews_once_not_once_per_check_in(
    owner, django_assert_max_num_queries
):
    routine = make_routine(owner, start_date=date(2025, 3, 1))
    for n in range(40):
        make_checkin(routine, date(2025, 3, 1 + n % 28).replace(month=3 + n // 28))
    before = steady_cache.data_version(owner.pk)
    # The commitment, its check-ins and pauses and other children: no owner look-up
    # per check-in (the cascade is said once, by the commitment).
    with django_assert_max_num_queries(15):
        routine.delete()
    assert steady_cache.data_version(owner.pk) != before


def test_a_lost_version_only_means_a_rebuild(owner_client, owner):
    routine = make_routine(owner, start_date=date(2026, 3, 1), title="Tea on Sundays")
    assert "Tea on Sundays" in owner_client.get(reverse("tracker:today")).content.decode()
    caches["shared"].clear()  # culled, or the folder emptied
    # A bulk update sends no signal: here only the lost version makes the page current.
    type(routine).objects.filter(pk=routine.pk).update(title="Tea on Saturdays")
    assert "Tea on Saturdays" in owner_client.get(reverse("tracker:today")).content.decode()


def test_a_worker_holds_a_bounded_number_of_bytes():
    # Issue 16: entries are kept compressed and never over MAX_ENTRY_BYTES, in at most
    # MAX_ENTRIES, so the cache's worst case fits a worker's budget (trustsite/settings.py).
    from django.conf import settings

    most = settings.CACHES["local"]["OPTIONS"]["MAX_ENTRIES"]
    page = "".join(f"<li>Walk with Sam, day {n}</li>" for n in range(6000))  # ~170 KB
    for user_id in range(1, most + 100):
        assert steady_cache.get_or_build("progress", user_id, "p", build=lambda: page) == page
    held = caches["local"]._cache  # LocMemCache's own store: what the process holds
    assert len(held) <= most
    assert sum(len(value) for value in held.values()) <= most * steady_cache.MAX_ENTRY_BYTES
    # The newest entries are the ones kept, and come back whole.
    built = []
    assert steady_cache.get_or_build("progress", most + 99, "p", build=built.append) == page
    assert built == []


def test_an_entry_too_big_to_keep_is_built_each_time():
    import secrets

    noise = secrets.token_hex(40 * 1024)  # does not compress below the limit
    built = []

    def build():
        built.append(1)
        return noise

    for _ in range(2):
        assert steady_cache.get_or_build("progress", 1, "big", build=build) == noise
    assert len(built) == 2 and not caches["local"]._cache
