"""Generated values posted to every form and query parameter of every page, as the owner.

For each page, the test loads it, finds its forms (action, method and field names, read
from the HTML, so a new field is fuzzed without editing this file), then sends generated
values: to the page's query parameters with GET, and to each form. It asserts what a
person would notice: never a 500, and an error answer (4xx) writes nothing (every
tracker table has the rows it had). Each example runs in a transaction that is rolled
back, so one example's successful write (a deletion, say) does not change the next.

`make test` runs the short profile (a fixed seed, ten examples per page, well under a
minute); `make fuzz` the long one (1,000 per page). `tests/fuzz/conftest.py` has both,
counts the requests and prints the total.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.conftest import PROFILE, REQUESTS
from tests.tracker.factories import (
    boundary,
    boundary_test,
    make_checkin,
    make_person,
    make_promise,
    make_routine,
    member,
    note,
    reflection,
)
from tracker.models import CommitmentPause, CommitmentReminder, DataSettings

TODAY = datetime.now(UTC).date()

# The query parameters pages read (a form's GET fields are found in its HTML too).
QUERY_PARAMETERS = [
    "date",
    "page",
    "period",
    "person",
    "practice",
    "commitment",
    "kind",
    "title",
    "suggestion",
    "q",
    "next",
    "format",
]

EDGE_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "7",
    "2147483648",
    "9" * 30,
    "²",
    "1e309",
    "NaN",
    "on",
    "true",
    "9999-12-31",
    "0001-01-01",
    "1899-12-31",
    "2201-01-01",
    "2026-02-30",
    "24:00",
    "23:59",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "a\x00b",
    "\x00",
    "x" * 10_001,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "Etc/GMT+12",
    "Pacific/Kiritimati",
    "\u202egnp.exe",
    "😀",
    '=HYPERLINK("http://evil.example")',
]


def _iso(value) -> str:
    return value.isoformat()


VALUES = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(_iso),
    st.dates(min_value=TODAY - timedelta(days=90), max_value=TODAY + timedelta(days=90)).map(_iso),
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.datetimes(timezones=st.sampled_from([UTC])).map(_iso),
)

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
FIELD = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"', re.I)


def forms_on(html: str, page_path: str) -> list[tuple[str, str, list[str]]]:
    """(method, action path, field names) of each form on a page."""
    found = []
    for attributes, body in FORM.findall(html):
        attrs = dict(ATTRIBUTE.findall(attributes))
        action = unescape(attrs.get("action", "") or page_path).split("?")[0]
        if not action.startswith("/"):
            continue
        names = sorted({unescape(n) for n in FIELD.findall(body)} - {"csrfmiddlewaretoken"})
        found.append((attrs.get("method", "get").upper(), action, names))
    return found


def tracker_counts() -> dict[str, int]:
    """Rows in every table the tracker and the guide's reading marks write."""
    models = list(apps.get_app_config("tracker").get_models())
    models.append(apps.get_model("guidance", "ReadingProgress"))
    return {model.__name__: model._base_manager.count() for model in models}


def seed(owner) -> dict[str, int]:
    """One of everything a page can show, owned by `owner`."""
    person = make_person(owner, note="Likes mornings")
    promise = make_promise(
        owner, due_at=datetime.combine(TODAY + timedelta(days=2), time(15), UTC), person=person
    )
    past_promise = make_promise(owner, due_at=datetime.combine(TODAY, time(0, 30), UTC))
    routine = make_routine(owner, start_date=TODAY - timedelta(days=20), person=person)
    weekly = make_routine(
        owner, start_date=TODAY - timedelta(days=20), schedule_type="per_week", times_per_week=3
    )
    make_checkin(routine, TODAY - timedelta(days=1), "kept", note="Went well")
    make_checkin(weekly, TODAY - timedelta(days=2), "late")
    CommitmentPause.objects.create(
        commitment=routine, starts_on=TODAY - timedelta(days=10), ends_on=TODAY - timedelta(days=8)
    )
    CommitmentReminder.objects.create(commitment=promise, enabled=True)
    held = boundary(owner)
    return {
        "person": person.pk,
        "promise": promise.pk,
        "past_promise": past_promise.pk,
        "routine": routine.pk,
        "weekly": weekly.pk,
        "note": note(owner, person=person).pk,
        "reflection": reflection(owner).pk,
        "boundary": held.pk,
        "test": boundary_test(owner, held).pk,
        "support": member(owner).pk,
        "token": DataSettings.objects.for_user(owner).feed_token,
    }


PAGES = [
    "/",
    "/today/",
    "/track/new/",
    "/track/new/?kind=routine",
    "/track/{promise}/",
    "/track/{routine}/",
    "/track/{weekly}/",
    "/track/{promise}/edit/",
    "/track/{routine}/edit/",
    "/track/{weekly}/edit/",
    "/track/{promise}/check-in/",
    "/track/{past_promise}/check-in/",
    "/track/{routine}/check-in/",
    "/track/{weekly}/check-in/",
    "/track/{routine}/delete/",
    "/people/",
    "/people/new/",
    "/people/{person}/edit/",
    "/people/{person}/delete/",
    "/progress/",
    "/journal/",
    "/journal/boundaries/",
    "/journal/support/",
    "/journal/note/new/",
    "/journal/reflection/new/",
    "/journal/test/new/",
    "/journal/boundary/new/",
    "/journal/support/new/",
    "/journal/note/{note}/",
    "/journal/note/{note}/edit/",
    "/journal/reflection/{reflection}/edit/",
    "/journal/test/{test}/edit/",
    "/journal/boundary/{boundary}/edit/",
    "/journal/support/{support}/edit/",
    "/journal/reflection/{reflection}/delete/",
    "/accounts/data/",
    "/accounts/settings/",
    "/guide/",
    "/guide/search/",
    "/guide/value-the-little-things/",
    "/calendar/{token}.ics",
]
# Sign-up, sign-in, password and email-change flows are the accounts area's (allauth).
SKIPPED_ACTIONS = ("/accounts/login/", "/accounts/logout/", "/accounts/signup/")
SKIPPED_ACTIONS += ("/accounts/password", "/accounts/data/email/")


@pytest.fixture
def signed_in(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
@PROFILE
@given(data=st.data())
def test_no_generated_value_gives_a_500_or_a_partial_write(signed_in, owner, url, data):
    with transaction.atomic():
        ids = seed(owner)
        path = url.format(**ids)
        loaded = signed_in.get(path)
        REQUESTS.count()
        assert loaded.status_code == 200, path
        forms = forms_on(loaded.content.decode(), path.split("?")[0])
        targets = [("GET", path.split("?")[0], QUERY_PARAMETERS)]
        targets += [form for form in forms if not form[1].startswith(SKIPPED_ACTIONS)]
        method, action, names = data.draw(st.sampled_from(targets), label="target")
        chosen = (
            data.draw(st.lists(st.sampled_from(names), unique=True), label="fields")
            if names
            else []
        )
        extra = data.draw(st.lists(st.sampled_from(QUERY_PARAMETERS), max_size=2, unique=True))
        values = {name: data.draw(VALUES, label=name) for name in [*chosen, *extra]}
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        before = tracker_counts()
        if method == "GET":
            response = signed_in.get(action, values, headers=headers)
        else:
            response = signed_in.post(action, values, headers=headers)
        REQUESTS.count()
        assert response.status_code < 500, (method, action, values, response.status_code)
        if response.status_code >= 400:
            assert tracker_counts() == before, (method, action, values)
        transaction.set_rollback(True)
