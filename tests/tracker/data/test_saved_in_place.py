""" "Saved" appears beside the control that was used, and the calendar address can be copied."""

import re

from django.contrib import messages
from django.urls import reverse

from tracker.http import place_message, placed_messages

PAGE = reverse("data")
REMINDERS = reverse("data-reminders")
FEED = reverse("data-feed-regenerate")
HTMX = {"HX-Request": "true"}


def region(html: str, element_id: str) -> str:
    """The text inside the element with this id (the page's live regions are flat)."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|div|span)>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_without_javascript_saving_lands_beside_the_button_not_only_at_the_top(owner_client):
    response = owner_client.post(REMINDERS, {"digest_enabled": "on", "digest_time": "06:15"})
    assert response["Location"] == PAGE + "#reminders"
    html = owner_client.get(response["Location"]).content.decode()
    assert region(html, "reminders-saved") == "Your reminder settings are saved."
    assert 'aria-describedby="reminders-saved"' in html
    assert "saved" not in region(html, "messages")  # said once, where the person is looking
    # Shown once: the next visit is quiet.
    assert region(owner_client.get(PAGE).content.decode(), "reminders-saved") == ""


def test_with_htmx_the_section_says_saved_and_nothing_is_added_at_the_top(owner_client):
    response = owner_client.post(
        REMINDERS, {"digest_enabled": "on", "digest_time": "06:15"}, headers=HTMX
    )
    html = response.content.decode()
    assert region(html, "reminders-saved") == "Your reminder settings are saved."
    assert 'id="messages"' not in html
    # Nothing left over for the next page either.
    assert region(owner_client.get(PAGE).content.decode(), "messages") == ""


def test_a_new_calendar_address_is_announced_beside_its_button(owner_client):
    response = owner_client.post(FEED)
    assert response["Location"] == PAGE + "#feed"
    html = owner_client.get(response["Location"]).content.decode()
    assert region(html, "feed-saved").startswith("Your calendar has a new address.")
    html = owner_client.post(FEED, headers=HTMX).content.decode()
    assert region(html, "feed-saved").startswith("Your calendar has a new address.")
    assert 'id="messages"' not in html


def test_the_calendar_address_has_a_copy_button_that_needs_javascript(owner_client, owner):
    html = owner_client.get(PAGE).content.decode()
    field = re.search(r'<input id="feed-url"[^>]*>', html).group(0)
    assert "readonly" in field and "/calendar/" in field  # selectable without JavaScript
    button = re.search(r'<button type="button"[^>]*data-copy="feed-url"[^>]*>', html).group(0)
    assert "hidden" in button  # steady.js shows it; without JavaScript it would do nothing
    assert 'role="status"' in re.search(r'<span id="feed-copied"[^>]*>', html).group(0)


def test_other_messages_still_reach_the_top_of_the_page(rf, owner):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.info(request, "Welcome back.")
    place_message(request, "reminders", "Saved.")
    place_message(request, "elsewhere", "Saved somewhere else.")
    context = placed_messages(request, "reminders")
    assert context["placed"] == {"reminders": ["Saved."]}
    assert [str(m) for m in context["messages"]] == ["Welcome back.", "Saved somewhere else."]


def test_account_settings_say_saved_beside_their_button(owner_client):
    response = owner_client.post(
        "/accounts/settings/", {"display_name": "Liv", "time_zone": "UTC", "week_start": "0"}
    )
    html = owner_client.get(response["Location"]).content.decode()
    assert region(html, "settings-saved") == "Your settings are saved."
    assert region(html, "messages") == ""


def test_a_promises_reminder_says_saved_beside_its_button_with_htmx(owner_client, owner):
    from tests.tracker.factories import promise, verified

    made = promise(owner)
    verified(owner)
    url = reverse("tracker:commitment-reminder", args=[made.pk])
    on = {"reminder-enabled": "on", "reminder-minutes_before": "30"}
    html = owner_client.post(url, on, headers=HTMX).content.decode()
    assert region(html, "reminder-saved") == "Reminder on: 30 minutes before."
    assert 'id="messages"' not in html
