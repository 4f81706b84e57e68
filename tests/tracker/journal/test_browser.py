"""The journal in a real browser: write a reflection, turn its next step into a promise,
log a boundary test; no console errors, CSP violations or axe violations on the way."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from tests.browser import assert_accessible
from tests.tracker.factories import boundary, member, practice, reflection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_a_reflection_becomes_a_promise_and_a_bent_boundary_brings_up_support(
    live_server, page, owner
):
    little = practice("value-the-little-things", "Value the little things")
    practice("remember-they-are-trying", "Remember they are trying", "They are trying, too.")
    member(owner, name="Dr Ada")
    boundary(owner, statement="My passcode stays mine")
    sign_in(page, live_server, owner)

    page.goto(live_server.url + "/journal/")
    assert_accessible(page, context="on the empty journal")
    page.get_by_role("link", name="Reflect on a hard moment").click()
    form = page.locator("#journal-editor form")
    form.get_by_label("What happened").fill("They went quiet when I was late <b>again</b>.")
    form.get_by_label("Overwhelmed").check()
    form.get_by_label("A kinder reading").fill("Late used to mean forgotten.")
    form.get_by_label("What I will do next").fill("Text when I leave work")
    assert page.get_by_text("They are trying, too.").is_visible()
    assert_accessible(page, context="on the inline reflection form")
    form.get_by_role("button", name="Save").click()

    saved = page.locator("#journal-editor.journal-saved")
    saved.get_by_text("Dr Ada").wait_for()
    assert saved.get_by_role("link", name="Finding professional help").is_visible()
    # The list refreshed itself and shows the new entry, escaped.
    page.locator("#journal-list").get_by_text("<b>again</b>", exact=False).wait_for()
    assert page.locator("#journal-list b").count() == 0
    assert_accessible(page, context="after saving a reflection")

    promise = saved.get_by_role("link", name="Turn the next step into a promise")
    query = parse_qs(urlparse(promise.get_attribute("href")).query)
    assert query == {
        "kind": ["promise"],
        "title": ["Text when I leave work"],
        "practice": [str(little.pk)],
    }
    promise.click()
    page.wait_for_url("**/track/new/?*")
    assert page.get_by_label("Title").input_value() == "Text when I leave work"
    page.locator("#id_due_date").fill(owner.local_today().isoformat())
    page.locator("#id_due_time").fill("00:05")
    page.get_by_role("button", name="Add it").click()
    page.get_by_role("heading", name="Text when I leave work", level=1).wait_for()
    page.goto(live_server.url + "/today/")
    page.locator(".occurrence", has_text="Text when I leave work").wait_for()

    page.goto(live_server.url + "/journal/boundaries/")
    page.get_by_role("link", name="Log a test of “My passcode stays mine”").click()
    log = page.locator(".boundary form")
    log.get_by_label("I bent it").check()
    log.get_by_label("Note").fill("I showed them my messages.")
    assert_accessible(page, context="on the inline boundary test form")
    log.get_by_role("button", name="Save").click()
    card = page.locator("article.boundary")
    card.get_by_text("I showed them my messages.").wait_for()
    assert card.get_by_text("Dr Ada").is_visible()
    assert card.get_by_role("link", name="Finding professional help").is_visible()
    assert_accessible(page, context="after logging a bent boundary")


def test_editing_and_deleting_inline(live_server, page, owner):
    reflection(owner, what_happened="A hard evening")
    sign_in(page, live_server, owner)
    page.goto(live_server.url + "/journal/")
    entry = page.locator("article.journal-entry")
    entry.get_by_role("link", name="Edit").click()
    page.get_by_label("What happened").fill("A hard evening, then a good talk")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A hard evening, then a good talk").wait_for()
    page.locator("article.journal-entry").get_by_role("link", name="Delete").click()
    assert_accessible(page, context="on the inline delete confirmation")
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("Nothing here yet.").wait_for()
    assert page.locator("article.journal-entry").count() == 0


def test_the_journal_is_accessible_in_dark_mode(live_server, dark_page, owner):
    reflection(owner, feelings=["overwhelmed"], next_step="Call them")
    boundary(owner)
    sign_in(dark_page, live_server, owner)
    for path in [
        "/journal/",
        "/journal/boundaries/",
        "/journal/support/",
        "/journal/reflection/new/",
    ]:
        dark_page.goto(live_server.url + path)
        assert_accessible(dark_page, context=f"on {path} (dark)")
