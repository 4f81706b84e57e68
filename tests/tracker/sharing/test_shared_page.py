"""The page a helper shares with the person they support: what it shows, what it never
shows, and how it answers (no cookies, privacy headers, 404 for dead links)."""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.tracker.factories import (
    make_checkin,
    make_person,
    make_promise,
    make_repair,
    make_routine,
    make_share,
    note,
)
from tracker.sharing import limits
from tracker.sharing.services import revoke_share


def url(share) -> str:
    return reverse("tracker:shared-page", args=[share.token])


@pytest.fixture
def sam(owner):
    return make_person(owner, "Sam", note="PRIVATE-PERSON-NOTE")


@pytest.fixture
def share(sam):
    return make_share(sam, shown_name="Olive")


@pytest.fixture
def today(owner):
    return owner.local_today()


def test_sharing_is_off_for_a_new_commitment(owner, sam, share, client, today):
    walk = make_routine(owner, start_date=today - timedelta(days=3), title="Walk with Sam")
    walk.person = sam
    walk.save()
    assert walk.shared is False
    html = client.get(url(share)).content.decode()
    assert "What Olive promised you" in html
    assert "Walk with Sam" not in html


def test_it_shows_only_that_persons_shared_commitments(owner, sam, share, client, today):
    alex = make_person(owner, "Alex")
    start = today - timedelta(days=3)
    make_routine(owner, start_date=start, title="Shared walk", person=sam, shared=True)
    make_routine(owner, start_date=start, title="Unshared call", person=sam)
    make_routine(owner, start_date=start, title="Alex's lunch", person=alex, shared=True)
    make_routine(owner, start_date=start, title="Nobody's run", shared=True)
    html = client.get(url(share)).content.decode()
    assert "Shared walk" in html
    for hidden in ("Unshared call", "Alex", "Nobody's run"):
        assert hidden not in html


def test_it_never_shows_private_notes_the_journal_or_scores(owner, sam, share, client, today):
    walk = make_routine(
        owner,
        start_date=today - timedelta(days=10),
        title="Shared walk",
        person=sam,
        shared=True,
        note="PRIVATE-COMMITMENT-NOTE",
    )
    make_checkin(walk, today - timedelta(days=1), "kept", note="PRIVATE-CHECKIN-NOTE")
    make_checkin(walk, today - timedelta(days=2), "missed", note="PRIVATE-MISS-NOTE")
    note(owner, text="PRIVATE-JOURNAL-TEXT", person=sam)
    html = client.get(url(share)).content.decode()
    feed = client.get(reverse("tracker:shared-feed", args=[share.token])).content.decode()
    for private in (
        "PRIVATE-PERSON-NOTE",
        "PRIVATE-COMMITMENT-NOTE",
        "PRIVATE-CHECKIN-NOTE",
        "PRIVATE-MISS-NOTE",
        "PRIVATE-JOURNAL-TEXT",
        owner.email,
        "%",
        "streak",
    ):
        assert private not in html, private
        assert private not in feed, private


def test_it_shows_what_happened_honestly_with_the_notes_for_them(owner, sam, share, client, today):
    walk = make_routine(
        owner, start_date=today - timedelta(days=20), title="Walk", person=sam, shared=True
    )
    make_checkin(walk, today - timedelta(days=1), "kept", shared_note="Lovely sunset.")
    make_checkin(walk, today - timedelta(days=2), "late")
    missed = make_checkin(walk, today - timedelta(days=3), "missed")
    make_checkin(walk, today - timedelta(days=4), "rescheduled", rescheduled_to_date=today)
    make_repair(missed, note_for_them="I'm sorry I didn't come. Saturday instead?")
    html = client.get(url(share)).content.decode()
    for label in ("Kept on time", "Kept, a bit late", "Missed", "Rescheduled with notice"):
        assert label in html
    assert "Lovely sunset." in html
    assert "I&#x27;m sorry I didn&#x27;t come. Saturday instead?" in html
    # Days nothing was recorded for are not guessed at.
    assert "Not recorded" not in html


def test_it_shows_eight_weeks_back_and_two_weeks_ahead(owner, sam, share, client, today):
    walk = make_routine(
        owner,
        start_date=today - timedelta(weeks=12),
        title="Walk",
        person=sam,
        shared=True,
        schedule_type="every_n_days",
        interval_days=100,
    )
    make_checkin(walk, today - timedelta(weeks=8), "kept", shared_note="Inside the window")
    make_checkin(walk, today - timedelta(weeks=8, days=1), "kept", shared_note="Too long ago")
    soon = timezone.now() + timedelta(days=13)
    later = timezone.now() + timedelta(days=16)
    make_promise(owner, due_at=soon, title="Soon coffee", person=sam, shared=True)
    make_promise(owner, due_at=later, title="Later coffee", person=sam, shared=True)
    html = client.get(url(share)).content.decode()
    assert "Inside the window" in html
    assert "Too long ago" not in html
    assert "Soon coffee" in html
    assert "Later coffee" not in html


def test_revoked_expired_and_wrong_tokens_are_not_found(owner, sam, share, client):
    old = url(share)
    assert client.get(old).status_code == 200
    revoke_share(person=sam)
    response = client.get(old)
    assert response.status_code == 404
    assert "This link isn’t open" in response.content.decode()

    expiring = make_share(make_person(owner, "Alex"), expires_at=timezone.now())
    assert client.get(url(expiring)).status_code == 404
    assert client.get("/p/not-a-real-token/").status_code == 404
    assert client.get(old.replace("/p/", "/p/x")).status_code == 404


def test_a_link_of_a_deactivated_account_is_not_found(owner, share, client):
    owner.is_active = False
    owner.save()
    assert client.get(url(share)).status_code == 404


def test_wrong_tokens_all_take_the_same_time_at_least(client, share):
    # One character off (never the same one: a token may end in "A" already).
    near = share.token[:-1] + ("B" if share.token.endswith("A") else "A")
    for token in ("x", near, "a" * 200):
        started = time.monotonic()
        assert client.get(f"/p/{token}/").status_code == 404
        assert time.monotonic() - started >= limits.WRONG_TOKEN_SECONDS


def test_it_sends_the_privacy_headers_and_no_cookie(client, share):
    for path in (url(share), "/p/wrong/", reverse("tracker:shared-feed", args=[share.token])):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert response["X-Robots-Tag"].startswith("noindex")
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
    page = client.get(url(share))

    def policy(response) -> str:
        # The same policy; a page without scripts is simply given no nonce.
        return re.sub(r" 'nonce-[^']+'", "", response.headers["Content-Security-Policy"])

    assert policy(page) == policy(client.get("/"))
    assert "<script" not in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()


def test_it_sets_no_cookie_whatever_cookies_the_browser_sends(client, owner, share):
    """An expired session, a malformed CSRF cookie and a signed-in helper with a pending
    message would each make a middleware set a cookie on an ordinary page."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-session-key"
    client.cookies[settings.CSRF_COOKIE_NAME] = "malformed!"
    response = client.get(url(share))
    assert response.status_code == 200
    assert not response.cookies

    client.force_login(owner)
    client.post(reverse("tracker:share-revoke", args=[share.person.pk]))  # leaves a message
    share.new_link()
    share.save()
    response = client.get(url(share))
    assert response.status_code == 200
    assert not response.cookies


def test_it_does_not_read_or_change_the_session(client, owner, share):
    client.force_login(owner)
    before = dict(client.session)
    client.get(url(share))
    assert dict(client.session) == before


def test_token_lookups_are_limited_per_client(client, share, settings):
    settings.SHARED_PAGE_LOOKUP_LIMIT = 3
    assert [client.get(url(share)).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = client.get(url(share), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    assert not client.get(url(share)).cookies


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_takes_the_same_queries_at_any_size(
    count, client, owner, sam, share, today, django_assert_num_queries
):
    for n in range(count):
        walk = make_routine(
            owner,
            start_date=today - timedelta(weeks=10),
            title=f"Walk {n}",
            person=sam,
            shared=True,
        )
        for back in range(1, 40, 3):
            missed = make_checkin(walk, today - timedelta(days=back), "missed")
        make_repair(missed, note_for_them="Sorry")
        make_promise(
            owner,
            due_at=timezone.now() + timedelta(days=2),
            title=f"Coffee {n}",
            person=sam,
            shared=True,
        )
    # The share, its commitments, their pauses, their check-ins, their repairs' notes.
    with django_assert_num_queries(5):
        response = client.get(url(share))
    assert response.status_code == 200
    assert f"Walk {count - 1}" in response.content.decode()


def test_the_feed_has_the_upcoming_shared_items_only(owner, sam, share, client):
    due = timezone.now().replace(microsecond=0) + timedelta(days=3)
    make_promise(owner, due_at=due, title="Coffee at noon", person=sam, shared=True, place="Café")
    make_promise(owner, due_at=due, title="Unshared thing", person=sam)
    make_promise(owner, due_at=due + timedelta(days=30), title="Far away", person=sam, shared=True)
    response = client.get(reverse("tracker:shared-feed", args=[share.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Coffee at noon" in body
    assert "LOCATION:Café" in body
    assert "Promises from Olive" in body
    assert "Unshared thing" not in body
    assert "Far away" not in body
    assert "/track/" not in body  # no links into the helper's own pages


def test_the_feed_of_a_revoked_link_is_not_found(client, sam, share):
    feed = reverse("tracker:shared-feed", args=[share.token])
    revoke_share(person=sam)
    assert client.get(feed).status_code == 404


def test_only_get_is_allowed(client, share):
    assert client.post(url(share)).status_code in (403, 405)


def test_the_page_shows_each_change_at_once_though_it_is_cached(owner, sam, share, client, today):
    walk = make_routine(
        owner, start_date=today - timedelta(days=5), title="Walk", person=sam, shared=True
    )
    assert "Thanks for coming" not in client.get(url(share)).content.decode()
    checkin = make_checkin(
        walk, today - timedelta(days=1), "missed", shared_note="Thanks for coming"
    )
    assert "Thanks for coming" in client.get(url(share)).content.decode()
    make_repair(checkin, note_for_them="Sorry about Monday")
    assert "Sorry about Monday" in client.get(url(share)).content.decode()
    walk.title = "Evening walk"
    walk.save()
    assert "Evening walk" in client.get(url(share)).content.decode()
    share.shown_name = "Liv"
    share.save()
    assert "Afterwards, Liv wrote" in client.get(url(share)).content.decode()


def test_an_archived_commitment_keeps_its_record_but_nothing_is_coming_up(
    owner, sam, share, client, today
):
    walk = make_routine(
        owner, start_date=today - timedelta(days=9), title="Walk", person=sam, shared=True
    )
    make_checkin(walk, today - timedelta(days=2), "missed", shared_note="I'm sorry.")
    walk.status = "archived"
    walk.save()
    html = client.get(url(share)).content.decode()
    assert "I&#x27;m sorry." in html
    assert "Nothing is planned for the next two weeks yet." in html


def test_it_shows_nothing_about_the_helper_but_the_name_they_chose(owner, share, client):
    owner.time_zone = "Pacific/Auckland"
    owner.save()
    html = client.get(url(share)).content.decode()
    for detail in (owner.email, "Pacific/Auckland", "Sign out", "/today/", "/journal/"):
        assert detail not in html
