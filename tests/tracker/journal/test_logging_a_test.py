""" "Log a boundary test" from the journal: a form when there are boundaries, and a plain
explanation of what to do first when there are none (never a silent redirect)."""

from django.urls import reverse

from tests.tracker.factories import boundary
from tracker.journal.models import BoundaryTest

NEW_TEST = reverse("tracker:journal-new", args=["test"])
HTMX = {"HX-Request": "true", "HX-Target": "journal-editor"}


def test_the_journal_button_opens_the_test_form_in_place(owner_client):
    html = owner_client.get(reverse("tracker:journal")).content.decode()
    assert f'href="{NEW_TEST}" hx-get="{NEW_TEST}" hx-target="#journal-editor"' in html


def test_with_no_boundaries_it_explains_what_to_do_instead(owner_client):
    response = owner_client.get(NEW_TEST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "First, write down a boundary" in html
    assert "you haven’t written one down yet" in html
    assert f'href="{reverse("tracker:journal-new", args=["boundary"])}"' in html
    assert 'name="response"' not in html  # no form that could only fail


def test_with_no_boundaries_htmx_gets_the_explanation_in_the_editor(owner_client):
    html = owner_client.get(NEW_TEST, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="journal-editor"')
    assert "First, write down a boundary" in html


def test_a_post_without_boundaries_saves_nothing_and_explains(owner_client):
    response = owner_client.post(NEW_TEST, {"date": "2026-03-10", "response": "held"})
    assert response.status_code == 200
    assert "First, write down a boundary" in response.content.decode()
    assert not BoundaryTest.objects.exists()


def test_with_a_boundary_the_form_offers_it(owner_client, owner):
    mine = boundary(owner)
    html = owner_client.get(NEW_TEST, headers=HTMX).content.decode()
    assert "First, write down a boundary" not in html
    assert f'<option value="{mine.pk}"' in html


def test_another_users_boundary_does_not_count(owner_client, other_user):
    boundary(other_user)
    html = owner_client.get(NEW_TEST).content.decode()
    assert "First, write down a boundary" in html


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(NEW_TEST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
