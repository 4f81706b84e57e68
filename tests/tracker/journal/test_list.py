import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.tracker.factories import (
    DAY,
    boundary,
    boundary_test,
    make_person,
    note,
    practice,
    reflection,
)
from tracker.journal.services import PAGE_SIZE

pytestmark = pytest.mark.django_db

URL = reverse("tracker:journal")
HTMX_LIST = {"HX-Request": "true", "HX-Target": "journal-list"}


def make_entries(owner, count: int) -> None:
    """`count` entries, the three kinds in turn, on different days."""
    shared = boundary(owner)
    for n in range(count):
        day = DAY - datetime.timedelta(days=n)
        [note, reflection, lambda o, date: boundary_test(o, shared, date=date)][n % 3](
            owner, date=day
        )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lists_entries_of_every_kind_newest_first(owner_client, owner):
    note(owner, text="Oldest note", date=DAY - datetime.timedelta(days=2))
    reflection(owner, what_happened="Newest moment", date=DAY)
    boundary_test(owner, note="Middle test", date=DAY - datetime.timedelta(days=1))
    content = owner_client.get(URL).content.decode()
    assert content.index("Newest moment") < content.index("Middle test")
    assert content.index("Middle test") < content.index("Oldest note")


def test_it_shows_only_the_owners_entries(owner_client, owner, other_user):
    note(owner, text="My note")
    note(other_user, text="Their note")
    content = owner_client.get(URL).content.decode()
    assert "My note" in content
    assert "Their note" not in content


def test_the_page_sets_the_journal_nav(owner_client):
    response = owner_client.get(URL)
    assert response.context["nav"] == "journal"
    assert 'aria-current="page">Journal' in response.content.decode()


def test_an_htmx_request_for_the_list_gets_only_the_list(owner_client, owner):
    note(owner, text="My note")
    response = owner_client.get(URL, headers=HTMX_LIST)
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="journal-list"')
    assert "<html" not in content
    assert "My note" in content
    assert "HX-Request" in response["Vary"]


def test_entries_are_escaped(owner_client, owner):
    note(owner, text="<script>alert('x')</script>")
    content = owner_client.get(URL).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


def test_it_filters_by_kind(owner_client, owner):
    note(owner, text="A note")
    reflection(owner, what_happened="A moment")
    content = owner_client.get(URL, {"kind": "reflection"}).content.decode()
    assert "A moment" in content
    assert "A note" not in content


def test_it_filters_by_person_including_tests_of_their_boundaries(owner_client, owner):
    sam = make_person(owner, "Sam")
    note(owner, text="About Sam", person=sam)
    note(owner, text="About no one")
    boundary_test(owner, boundary(owner, person=sam), note="Sam tested it")
    content = owner_client.get(URL, {"person": sam.pk}).content.decode()
    assert "About Sam" in content
    assert "Sam tested it" in content
    assert "About no one" not in content


def test_it_filters_by_practice(owner_client, owner):
    practice("keep-healthy-boundaries", "Keep healthy boundaries")
    note(owner, text="A note")
    boundary_test(owner, note="A test")
    content = owner_client.get(URL, {"practice": "keep-healthy-boundaries"}).content.decode()
    assert "A test" in content
    assert "A note" not in content


def test_another_users_person_is_not_accepted_as_a_filter(owner_client, owner, other_user):
    theirs = make_person(other_user, "Their Sam")
    note(other_user, text="Their note", person=theirs)
    note(owner, text="My note")
    response = owner_client.get(URL, {"person": theirs.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Their note" not in content
    assert "Their Sam" not in content
    assert "My note" in content  # the invalid filter is dropped


def test_the_filters_show_what_is_chosen_with_their_labels(owner_client, owner):
    sam = make_person(owner, "Sam")
    make_person(owner, "Alex")
    content = owner_client.get(URL, {"kind": "note", "person": sam.pk}).content.decode()
    assert '<label for="filter-kind">Kind</label>' in content
    assert '<select name="kind" id="filter-kind">' in content
    assert '<option value="note" selected>' in content
    assert f'<option value="{sam.pk}" selected>Sam</option>' in content
    assert '<option value="" selected>Any practice</option>' in content
    assert content.count(" selected>") == 3


def test_a_rejected_filter_value_selects_nothing_and_is_marked_invalid(owner_client, owner):
    content = owner_client.get(URL, {"kind": "nonsense"}).content.decode()
    assert '<select name="kind" aria-invalid="true"' in content
    assert '<option value="">All kinds</option>' in content
    assert '<select name="person" id="filter-person">' in content


def test_unknown_filter_values_show_everything_rather_than_fail(owner_client, owner):
    note(owner, text="My note")
    response = owner_client.get(URL, {"kind": "nonsense", "practice": "x", "page": "abc"})
    assert response.status_code == 200
    assert "My note" in response.content.decode()


def test_filters_that_match_nothing_say_so(owner_client, owner):
    practice("keep-healthy-boundaries")
    note(owner)
    content = owner_client.get(
        URL, {"kind": "note", "practice": "keep-healthy-boundaries"}
    ).content.decode()
    assert "No entries match these filters" in content


def test_it_pages_through_entries(owner_client, owner):
    make_entries(owner, PAGE_SIZE * 2 + 5)
    first = owner_client.get(URL).context["page"]
    last = owner_client.get(URL, {"page": 3}).context["page"]
    assert len(first.object_list) == PAGE_SIZE
    assert len(last.object_list) == 5
    assert first.object_list[0].date == DAY
    assert last.object_list[-1].date == DAY - datetime.timedelta(days=PAGE_SIZE * 2 + 4)
    caches["local"].clear()  # each page built afresh, so its context is there to read
    shown = {
        (type(entry), entry.pk)
        for number in (1, 2, 3)
        for entry in owner_client.get(URL, {"page": number}).context["page"].object_list
    }
    assert len(shown) == PAGE_SIZE * 2 + 5  # every entry once, none twice


def test_page_links_keep_the_filters(owner_client, owner):
    make_entries(owner, PAGE_SIZE * 3 + 3)
    content = owner_client.get(URL, {"kind": "note"}).content.decode()
    assert 'href="?kind=note&amp;page=2"' in content


@pytest.mark.parametrize("count", [1, 200])
def test_the_list_costs_the_same_queries_at_any_size(
    owner_client, owner, count, django_assert_num_queries
):
    make_entries(owner, count)
    practice("learn-where-it-comes-from")
    # user (the session comes from the session cache), practices, people (filter), count,
    # the page's rows, 3 fetches by kind
    with django_assert_num_queries(8):
        response = owner_client.get(URL)
    assert len(response.context["page"].object_list) == min(count, PAGE_SIZE)


@pytest.mark.parametrize("count", [1, 200])
def test_a_filtered_htmx_page_costs_the_same_queries_at_any_size(
    owner_client, owner, count, django_assert_num_queries
):
    make_entries(owner, count)
    # as above, less the people: the partial does not render the filter form
    with django_assert_num_queries(7):
        owner_client.get(URL, {"page": 2, "kind": ""}, headers=HTMX_LIST)


def test_cards_in_a_refreshed_list_do_not_take_focus(owner_client, owner):
    """Focus stays on the confirmation (and its support circle) after saving in the editor."""
    note(owner)
    content = owner_client.get(URL, headers=HTMX_LIST).content.decode()
    assert "data-autofocus" not in content
