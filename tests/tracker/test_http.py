"""The one render path: every tracker page shows times in the user's zone and varies on
HX-Request."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from tests.tracker.factories import make_promise
from tracker import http

# 03:30 UTC on 6 March is 22:30 on Thursday 5 March in New York.
DUE = datetime(2026, 3, 6, 3, 30, tzinfo=UTC)


@pytest.fixture
def new_yorker(make_user, client):
    user = make_user("ny@example.com", time_zone="America/New_York")
    client.force_login(user)
    return user


def test_the_commitment_page_shows_a_promise_at_its_local_time(client, new_yorker):
    commitment = make_promise(new_yorker, due_at=DUE, title="Call Sam")
    with time_machine.travel(datetime(2026, 3, 5, 12, 0, tzinfo=UTC), tick=False):
        response = client.get(commitment.get_absolute_url())
    html = response.content.decode()
    assert "Thursday 5 March 2026, 22:30" in html
    assert "6 March 2026" not in html


def test_the_check_in_page_shows_the_local_time_too(client, new_yorker):
    commitment = make_promise(new_yorker, due_at=DUE, title="Call Sam")
    with time_machine.travel(datetime(2026, 3, 6, 4, 0, tzinfo=UTC), tick=False):
        response = client.get(f"/track/{commitment.pk}/check-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "22:30" in html
    # UTC shows only in the machine-readable due time the form posts back.
    assert "03:30" not in html.replace('value="2026-03-06T03:30:00+00:00"', "")


@pytest.mark.parametrize("signed_in", [True, False])
def test_render_page_renders_in_the_users_zone_and_varies_on_htmx(
    monkeypatch, new_yorker, signed_in
):
    seen = {}

    def fake_render(request, template, context, status):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse(status=status)

    monkeypatch.setattr(http, "render", fake_render)
    request = RequestFactory().get("/")
    request.user = new_yorker if signed_in else AnonymousUser()
    request.htmx = False
    response = http.render_page(request, "any.html", {})
    assert seen["zone"] == ("America/New_York" if signed_in else "UTC")
    assert "HX-Request" in response["Vary"]


def test_an_htmx_request_gets_only_the_named_partial(monkeypatch, new_yorker):
    templates = []
    monkeypatch.setattr(
        http,
        "render",
        lambda request, template, context, status: templates.append(template) or HttpResponse(),
    )
    request = RequestFactory().get("/")
    request.user = new_yorker
    for htmx in (False, True):
        request.htmx = htmx
        http.render_page(request, "page.html", {}, partial="list")
    assert templates == ["page.html", "page.html#list"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        ("", None),
        (None, None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        ("9" * 30, None),
        ("2147483647", 2147483647),
        ("2147483648", None),
    ],
)
def test_positive_int_reads_only_plain_whole_numbers_the_database_can_hold(value, expected):
    assert http.positive_int(value) == expected


@pytest.mark.parametrize("value", ["²", "9" * 30, "٣"])
def test_odd_ids_in_a_new_commitments_query_are_ignored(owner_client, value):
    for name in ("practice", "person", "suggestion"):
        assert owner_client.get(f"/track/new/?{name}={value}").status_code == 200
