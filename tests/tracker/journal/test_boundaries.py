import json

import pytest
from django.urls import reverse

from tests.tracker.factories import boundary, boundary_test, make_person, member
from tracker.journal.models import BoundaryTest

pytestmark = pytest.mark.django_db

URL = reverse("tracker:journal-boundaries")
NEW_TEST = reverse("tracker:journal-new", args=["test"])
HTMX = {"HX-Request": "true"}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lists_the_owners_boundaries_with_their_tests(owner_client, owner, other_user):
    mine = boundary(owner, statement="My evenings are mine")
    boundary_test(owner, mine, response="renegotiated", note="We agreed on Fridays")
    boundary(other_user, statement="Their boundary")
    response = owner_client.get(URL)
    content = response.content.decode()
    assert "My evenings are mine" in content
    assert "We agreed on Fridays" in content
    assert "We renegotiated it" in content
    assert "Their boundary" not in content
    assert response.context["nav"] == "journal"


def test_an_htmx_refresh_gets_only_the_list(owner_client, owner):
    boundary(owner, statement="Mine")
    response = owner_client.get(URL, headers={**HTMX, "HX-Target": "boundary-list"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="boundary-list"')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_each_boundary_offers_to_log_a_test_without_javascript(owner_client, owner):
    mine = boundary(owner)
    content = owner_client.get(URL).content.decode()
    assert f'href="{NEW_TEST}?boundary={mine.pk}"' in content


def test_the_log_form_opens_in_the_boundarys_slot_and_posts_to_its_card(owner_client, owner):
    mine = boundary(owner)
    response = owner_client.get(
        NEW_TEST, {"boundary": mine.pk}, headers={**HTMX, "HX-Target": f"boundary-{mine.pk}-log"}
    )
    content = response.content.decode()
    assert f'<div id="boundary-{mine.pk}-log"' in content
    assert f'hx-target="#boundary-{mine.pk}"' in content


def test_logging_a_test_inline_returns_the_boundary_card_with_it(owner_client, owner):
    mine = boundary(owner, statement="Passcode stays mine")
    response = owner_client.post(
        NEW_TEST,
        {"boundary": mine.pk, "date": "2026-03-10", "response": "held", "note": "Said no kindly"},
        headers={**HTMX, "HX-Target": f"boundary-{mine.pk}"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article id="boundary-{mine.pk}"')
    assert "Said no kindly" in content
    assert response["HX-Retarget"] == f"#boundary-{mine.pk}"
    assert "You are not the only support." not in content
    assert BoundaryTest.objects.get().owner == owner


def test_a_bent_boundary_shows_the_support_circle_inline(owner_client, owner):
    mine = boundary(owner)
    member(owner, name="Support group on Tuesdays", support_type="group")
    response = owner_client.post(
        NEW_TEST,
        {"boundary": mine.pk, "date": "2026-03-10", "response": "bent"},
        headers={**HTMX, "HX-Target": f"boundary-{mine.pk}"},
    )
    content = response.content.decode()
    assert "Support group on Tuesdays" in content
    assert reverse("guidance:professional-help") in content


def test_a_bent_boundary_shows_the_support_circle_without_javascript(owner_client, owner):
    mine = boundary(owner)
    member(owner, name="My sister")
    response = owner_client.post(
        NEW_TEST, {"boundary": mine.pk, "date": "2026-03-10", "response": "bent"}, follow=True
    )
    content = response.content.decode()
    assert "My sister" in content
    assert reverse("guidance:professional-help") in content


def test_logging_a_test_of_another_users_boundary_is_refused(owner_client, owner, other_user):
    boundary(owner)
    theirs = boundary(other_user)
    response = owner_client.post(
        NEW_TEST,
        {"boundary": theirs.pk, "date": "2026-03-10", "response": "held"},
        headers={**HTMX, "HX-Target": f"boundary-{theirs.pk}-log"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not BoundaryTest.objects.exists()


def test_adding_a_boundary_in_the_editor_refreshes_the_list(owner_client, owner):
    response = owner_client.post(
        reverse("tracker:journal-new", args=["boundary"]),
        {"statement": "I sleep by eleven", "active": "on", "person": make_person(owner).pk},
        headers={**HTMX, "HX-Target": "boundary-editor"},
    )
    assert '<div id="boundary-editor" class="journal-saved">' in response.content.decode()
    assert "journal-changed" in json.loads(response["HX-Trigger"])


def test_editing_a_boundary_in_place_returns_its_card(owner_client, owner):
    mine = boundary(owner, statement="Old words")
    response = owner_client.post(
        reverse("tracker:journal-edit", args=["boundary", mine.pk]),
        {"statement": "New words", "active": ""},
        headers={**HTMX, "HX-Target": f"boundary-{mine.pk}"},
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article id="boundary-{mine.pk}"')
    assert "No longer held" in content


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_the_same_queries_at_any_size(
    owner_client, owner, count, django_assert_num_queries
):
    for n in range(count):
        boundary_test(owner, boundary(owner, person=make_person(owner, f"P{n}")))
    # user (the session comes from the session cache), practices, boundaries with people,
    # their tests
    with django_assert_num_queries(4):
        response = owner_client.get(URL)
    assert len(response.context["cards"]) == count
