"""The progress page: access, filters, HTMX swaps, charts and their tables, query counts."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from guidance.models import Practice
from tracker.models import CheckIn, Commitment, CommitmentPause, Person

URL = reverse("tracker:progress")
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)  # a Monday
TODAY = NOW.date()
SVG = "{http://www.w3.org/2000/svg}"
STATES = ["kept", "kept", "kept", "late", "missed", "kept", "skipped"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def make_routine(owner, title="Walk together", start=TODAY - timedelta(days=364), **fields):
    fields.setdefault("schedule_type", "daily")
    return Commitment.objects.create(
        owner=owner, kind="routine", title=title, start_date=start, **fields
    )


def make_history(owner, *, commitments: int, days: int = 365, person=None, practice=None):
    """`commitments` daily routines started `days` ago, with a check-in for each past day."""
    made = []
    for n in range(commitments):
        routine = make_routine(
            owner,
            title=f"Routine {n}",
            person=person,
            practice=practice,
            start=TODAY - timedelta(days=days - 1),
        )
        CheckIn.objects.bulk_create(
            CheckIn(
                commitment=routine,
                occurrence_date=TODAY - timedelta(days=d),
                state=STATES[d % len(STATES)],
            )
            for d in range(1, days)
        )
        made.append(routine)
    return made


def content_of(response) -> str:
    return response.content.decode()


def svgs(html: str) -> list[ET.Element]:
    """Each inline chart SVG, parsed as XML (fails the test if one is not well formed)."""
    found = re.findall(
        r"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg[^\"]*\".*?</svg>", html, re.S
    )
    return [ET.fromstring(svg) for svg in found]


# --- Access -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_htmx_requests_are_sent_to_sign_in_too(client):
    response = client.get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 302


def test_post_is_not_allowed(owner_client):
    assert owner_client.post(URL).status_code == 405


def test_the_owner_sees_their_progress(owner_client, owner):
    make_history(owner, commitments=1, days=30)
    response = owner_client.get(URL)
    assert response.status_code == 200
    html = content_of(response)
    assert "<h1>Your progress</h1>" in html
    assert "Routine 0" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_another_users_commitment_in_the_filter_never_leaks(owner_client, owner, other_user):
    make_history(owner, commitments=1, days=10)
    (theirs,) = make_history(other_user, commitments=1, days=10)
    theirs.title = "Otto's secret routine"
    theirs.save()
    response = owner_client.get(URL, {"commitment": theirs.pk})
    html = content_of(response)
    assert response.status_code == 200
    assert "secret" not in html
    assert "That promise or routine is not one of yours, so all are shown." in html
    assert "Routine 0" in html


def test_another_users_person_in_the_filter_is_ignored_with_a_note(owner_client, owner, other_user):
    make_history(owner, commitments=1, days=10)
    stranger = Person.objects.create(owner=other_user, name="Stranger")
    html = content_of(owner_client.get(URL, {"person": stranger.pk}))
    assert "Stranger" not in html
    assert "That person is not in your list, so everyone is shown." in html


@pytest.mark.parametrize(
    "params",
    [
        {"period": "365"},
        {"person": "abc"},
        {"practice": "-1"},
        {"commitment": "99999999999999999999999"},
        {"period": ["7", "30"]},
    ],
)
def test_nonsense_in_the_query_never_gives_a_server_error(owner_client, owner, params):
    make_history(owner, commitments=1, days=10)
    response = owner_client.get(URL, params)
    assert response.status_code == 200
    assert "message-warning" in content_of(response) or "period" in str(params)


# --- Empty and sparse --------------------------------------------------------------------


def test_a_new_user_is_told_what_will_appear(owner_client):
    html = content_of(owner_client.get(URL))
    assert "Your progress will show here" in html
    assert reverse("tracker:commitment-new") in html
    assert "<form" not in html.split("<main")[1].split("</main>")[0]


def test_a_routine_that_starts_today_says_nothing_was_due_yet(owner_client, owner):
    make_routine(owner, start=TODAY)
    html = content_of(owner_client.get(URL))
    assert "Nothing was due in this period" in html
    assert "The strength line starts after the first day" in html


def test_a_few_check_ins_come_with_a_note_that_numbers_will_settle(owner_client, owner):
    make_history(owner, commitments=1, days=3)
    html = content_of(owner_client.get(URL, {"period": "7"}))
    assert "only a few check-ins" in html


# --- Figures on the page -----------------------------------------------------------------


def test_the_headline_shows_rates_counts_and_not_recorded(owner_client, owner):
    routine = make_routine(owner, start=TODAY - timedelta(days=6))
    for offset, state in [(6, "kept"), (5, "kept"), (4, "late"), (3, "missed"), (2, "skipped")]:
        CheckIn.objects.create(
            commitment=routine, occurrence_date=TODAY - timedelta(days=offset), state=state
        )
    # Day -1 not recorded; today open. Recorded: 2 kept + 1 late + 1 missed = 4; the day
    # nobody recorded is left out of the rates rather than counted as missed.
    html = content_of(owner_client.get(URL, {"period": "7"}))
    assert '50%</span> <span class="rate-label">kept on time' in html
    assert '75%</span> <span class="rate-label">kept at all' in html
    assert "Kept 3 of 4 recorded · 1 not recorded." in html


def test_a_pause_keeps_its_days_out_of_the_rate(owner_client, owner):
    routine = make_routine(owner, start=TODAY - timedelta(days=6))
    CommitmentPause.objects.create(commitment=routine, starts_on=TODAY - timedelta(days=6))
    routine.status = "paused"
    routine.save()
    html = content_of(owner_client.get(URL, {"period": "7"}))
    assert "Nothing was due in this period" in html


def test_filters_narrow_to_one_person_and_practice(owner_client, owner):
    sam = Person.objects.create(owner=owner, name="Sam")
    listening = Practice.objects.create(title="Listening", slug="listening-p")
    make_history(owner, commitments=1, days=14, person=sam, practice=listening)
    other = make_routine(owner, title="Alone time", start=TODAY - timedelta(days=10))
    html = content_of(owner_client.get(URL, {"person": sam.pk}))
    assert "Routine 0" in html.split('id="progress-content"')[1]
    assert "Alone time" not in html.split('id="progress-content"')[1]
    html = content_of(owner_client.get(URL, {"practice": listening.pk, "commitment": other.pk}))
    assert "Nothing was due in this period" in html  # nothing matches both
    html = content_of(owner_client.get(URL))
    assert "By person and practice" in html
    assert '<th scope="row">Sam</th>' in html


def test_the_form_shows_the_chosen_filters(owner_client, owner):
    sam = Person.objects.create(owner=owner, name="Sam")
    make_history(owner, commitments=1, days=5, person=sam)
    html = content_of(owner_client.get(URL, {"period": "90", "person": sam.pk}))
    assert 'value="90" id="id_period_2" checked' in html or (
        re.search(r'<input[^>]*value="90"[^>]*checked', html)
    )
    assert re.search(rf'<option value="{sam.pk}" selected>Sam</option>', html)


def test_the_filter_tells_identical_titles_apart(owner_client, owner):
    sam = Person.objects.create(owner=owner, name="Sam")
    jo = Person.objects.create(owner=owner, name="Jo")
    for_sam = make_routine(owner, title="Evening walk", person=sam)
    for_jo = make_routine(owner, title="Evening walk", person=jo)
    # Same title and person: the schedule tells these two apart.
    daily = make_routine(owner, title="Call", person=sam)
    weekly = make_routine(
        owner, title="Call", person=sam, schedule_type="per_week", times_per_week=1
    )
    unique = make_routine(owner, title="Tea")
    html = content_of(owner_client.get(URL))
    select = re.search(r'<select name="commitment".*?</select>', html, re.S).group(0)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select))
    assert options[str(for_sam.pk)] == "Evening walk (for Sam)"
    assert options[str(for_jo.pk)] == "Evening walk (for Jo)"
    assert options[str(daily.pk)] == "Call (for Sam · Every day)"
    assert options[str(weekly.pk)] == "Call (for Sam · Once a week)"
    assert options[str(unique.pk)] == "Tea"


def test_milestones_read_as_sentences(owner_client, owner):
    make_history(owner, commitments=1, days=60)
    html = content_of(owner_client.get(URL))
    assert "Along the way" in html
    assert "you had followed through 10 times" in html
    assert "four weeks running" not in html  # the history has misses every week


# --- HTMX and no-JS -----------------------------------------------------------------------


def test_without_javascript_the_filters_are_a_plain_get_form(owner_client, owner):
    make_history(owner, commitments=1, days=5)
    html = content_of(owner_client.get(URL))
    form = re.search(r"<form method=\"get\" action=\"/progress/\".*?</form>", html, re.S).group(0)
    assert 'hx-get="/progress/"' in form
    assert 'hx-push-url="true"' in form
    assert 'type="submit"' in form
    for name in ("period", "person", "practice", "commitment"):
        assert f'name="{name}"' in form


def test_htmx_gets_only_the_content_region_and_the_status(owner_client, owner):
    make_history(owner, commitments=1, days=20)
    response = owner_client.get(URL, {"period": "7"}, headers={"HX-Request": "true"})
    html = content_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="progress-content"')
    assert "<html" not in html and "<form" not in html
    assert 'id="progress-status"' in html and 'hx-swap-oob="true"' in html
    assert "Showing last 7 days for all your promises and routines." in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(owner_client, owner):
    make_history(owner, commitments=1, days=5)
    response = owner_client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in content_of(response)


# --- Charts -------------------------------------------------------------------------------


def test_every_chart_is_well_formed_svg_with_a_title_and_description(owner_client, owner):
    make_history(owner, commitments=2, days=120)
    html = content_of(owner_client.get(URL))
    charts = svgs(html)
    assert len(charts) == 4  # weekly bars, heatmap, one strength line per routine
    for svg in charts:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text
        assert desc is not None and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "style" not in ET.tostring(svg).decode()
    assert html.count("<summary>Show as a table</summary>") == 4


def _table_after(html: str, chart_id: str) -> list[list[str]]:
    block = html.split(f'id="{chart_id}-caption"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", block.split("<tbody>")[1], re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_the_weekly_table_matches_the_bars(owner_client, owner):
    make_history(owner, commitments=2, days=120)
    html = content_of(owner_client.get(URL))
    (bars,) = [svg for svg in svgs(html) if svg.find(f"{SVG}title").text.startswith("Follow")]
    from_bars: dict[tuple[str, str], int] = {}
    for rect in bars.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None:
            week, rest = title.text.split(": ")
            count, name = rest.split(" ", 1)
            from_bars[(week, name)] = int(count)
    table = _table_after(html, "weekly")
    assert len(table) == 12
    for week, kept, late, missed, unrecorded, due in table:
        assert int(kept) == from_bars.get((week, "on time"), 0)
        assert int(late) == from_bars.get((week, "late"), 0)
        assert int(missed) == from_bars.get((week, "missed"), 0)
        assert int(unrecorded) == from_bars.get((week, "not recorded"), 0)
        assert int(due) == int(kept) + int(late) + int(missed) + int(unrecorded)
    assert sum(from_bars.values()) > 0


def test_the_heatmap_table_adds_up_to_its_squares(owner_client, owner):
    make_history(owner, commitments=1, days=365)
    html = content_of(owner_client.get(URL))
    (heat,) = [svg for svg in svgs(html) if svg.find(f"{SVG}title").text.startswith("Calendar")]
    cells = [r for r in heat.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(cells) == 365
    on_time_in_cells = sum(
        int(m.group(1))
        for r in cells
        if (m := re.search(r"(\d+) on time", r.find(f"{SVG}title").text))
    )
    table = _table_after(html, "heatmap")
    assert sum(int(row[2]) for row in table) == on_time_in_cells
    assert on_time_in_cells == sum(1 for d in range(1, 365) if STATES[d % 7] == "kept")


def test_the_strength_table_matches_the_line(owner_client, owner):
    (routine,) = make_history(owner, commitments=1, days=120)
    html = content_of(owner_client.get(URL))
    (line,) = [svg for svg in svgs(html) if svg.find(f"{SVG}title").text.startswith("Strength")]
    dots = [c.find(f"{SVG}title").text.split(": ")[1] for c in line.iter(f"{SVG}circle")]
    table = _table_after(html, f"strength-{routine.pk}")
    assert [row[1] for row in table] == dots
    assert len(dots) == 13


# --- Queries ------------------------------------------------------------------------------

# The user, on the first request after a change (then it is kept per process under the
# data version, tracker.accounts.backends; the session comes from the session cache).
USER_QUERIES = 1
# Commitments (with person and practice), pauses and check-ins for the figures; from the
# cache (keyed by the data version, a file read: tracker.cache) the page needs none.
PAGE_QUERIES = 3
CACHED_PAGE_QUERIES = 0
REPAIR_LINE_QUERIES = 1


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_issues_a_constant_number_of_queries(
    owner_client, owner, count, django_assert_num_queries
):
    sam = Person.objects.create(owner=owner, name="Sam")
    listening = Practice.objects.create(title="Listening", slug="listening-q")
    routines = make_history(owner, commitments=count, days=365, person=sam, practice=listening)
    CommitmentPause.objects.create(
        commitment=routines[0],
        starts_on=TODAY - timedelta(days=20),
        ends_on=TODAY - timedelta(days=10),
    )
    Commitment.objects.create(
        owner=owner, kind="promise", title="Call", due_at=NOW - timedelta(days=2)
    )
    with django_assert_num_queries(USER_QUERIES + PAGE_QUERIES + REPAIR_LINE_QUERIES):
        response = owner_client.get(URL, {"period": "90"})
    assert response.status_code == 200
    with django_assert_num_queries(PAGE_QUERIES):
        owner_client.get(URL, {"person": sam.pk}, headers={"HX-Request": "true"})
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        cached = owner_client.get(URL, {"period": "90"})

    def figures(page):
        return page.content.split(b'id="progress-content"')[1].split(b"</main>")[0]

    assert figures(cached) == figures(response)


def test_a_new_check_in_shows_at_once_despite_the_cache(owner_client, owner):
    routine = make_history(owner, commitments=1, days=10)[0]
    first = owner_client.get(URL, {"period": "7"}).content
    CheckIn.objects.filter(commitment=routine).order_by("-occurrence_date").first().delete()
    second = owner_client.get(URL, {"period": "7"}).content
    assert first != second
    latest = CheckIn.objects.filter(commitment=routine).order_by("-occurrence_date").first()
    latest.state = "missed"
    latest.save()
    third = owner_client.get(URL, {"period": "7"}).content
    assert third != second


def test_renaming_a_person_shows_at_once_despite_the_cache(owner_client, owner):
    sam = Person.objects.create(owner=owner, name="Sam")
    alex = Person.objects.create(owner=owner, name="Alex")
    make_history(owner, commitments=1, days=10, person=sam)
    make_history(owner, commitments=1, days=10, person=alex)
    figures = owner_client.get(URL).content.split(b'id="progress-content"')[1]
    assert b"Sam" in figures  # the breakdown by person
    # Through the person's form, as the helper does it...
    edit = reverse("tracker:person-edit", args=[sam.pk])
    owner_client.post(edit, {"name": "Samira", "relationship": sam.relationship, "note": ""})
    figures = owner_client.get(URL).content.split(b'id="progress-content"')[1]
    assert b"Samira" in figures and b"Sam<" not in figures
    # ...and from outside any request (the admin, a task): saving the row is enough.
    sam.refresh_from_db()
    sam.name = "Sami"
    sam.save()
    figures = owner_client.get(URL).content.split(b'id="progress-content"')[1]
    assert b"Sami<" in figures or b"Sami " in figures
