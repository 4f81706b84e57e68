from datetime import date

from tests.tracker.factories import make_person, make_routine
from tracker.models import Commitment, Person


def test_the_list_shows_only_my_people_with_their_commitment_counts(
    owner_client, owner, other_user
):
    sam = make_person(owner, "Sam")
    make_person(other_user, "Not mine")
    make_routine(owner, start_date=date(2026, 1, 1), person=sam)
    response = owner_client.get("/people/")
    html = response.content.decode()
    assert "Sam" in html and "Not mine" not in html
    assert "1 commitment" in html


def test_adding_a_person(owner_client, owner):
    response = owner_client.post(
        "/people/new/", {"name": "Sam", "relationship": "partner", "note": "Likes tea"}
    )
    assert response["Location"] == "/people/"
    person = Person.objects.get()
    assert (person.owner, person.relationship) == (owner, "partner")


def test_a_person_needs_a_name(owner_client):
    response = owner_client.post("/people/new/", {"name": "", "relationship": "friend"})
    assert response.status_code == 400
    assert "Give a name or nickname." in response.content.decode()
    assert not Person.objects.exists()


def test_editing_a_person(owner_client, owner):
    sam = make_person(owner)
    owner_client.post(f"/people/{sam.pk}/edit/", {"name": "Samira", "relationship": "family"})
    sam.refresh_from_db()
    assert sam.name == "Samira"


def test_deleting_asks_what_to_do_with_their_commitments(owner_client, owner):
    sam = make_person(owner)
    html = owner_client.get(f"/people/{sam.pk}/delete/").content.decode()
    assert "Keep them, with no one named" in html
    assert "Delete them and their check-ins" in html


def test_deleting_and_keeping_commitments_unassigned(owner_client, owner):
    sam = make_person(owner)
    routine = make_routine(owner, start_date=date(2026, 1, 1), person=sam)
    owner_client.post(f"/people/{sam.pk}/delete/", {"commitments": "keep"})
    routine.refresh_from_db()
    assert routine.person is None
    assert not Person.objects.exists()


def test_deleting_with_their_commitments(owner_client, owner):
    sam = make_person(owner)
    make_routine(owner, start_date=date(2026, 1, 1), person=sam)
    response = owner_client.post(f"/people/{sam.pk}/delete/", {"commitments": "delete"})
    assert response.status_code == 302
    assert not Commitment.objects.exists()


def test_deleting_without_a_choice_is_refused(owner_client, owner):
    sam = make_person(owner)
    response = owner_client.post(f"/people/{sam.pk}/delete/", {"commitments": "burn"})
    assert response.status_code == 400
    assert Person.objects.exists()
