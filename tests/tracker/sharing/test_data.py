"""Shares and repairs travel with the rest of the user's data: exported (never a link's
token), imported (never as a live link), and deleted with the account."""

import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import reauthenticate
from tests.tracker.factories import (
    make_checkin,
    make_person,
    make_promise,
    make_repair,
    make_routine,
    make_share,
)
from tracker.models import CheckIn, Commitment, PersonShare, Repair


def shared_account(user):
    today = user.local_today()
    sam = make_person(user, "Sam")
    walk = make_routine(user, start_date=today - timedelta(days=9), person=sam, shared=True)
    missed = make_checkin(walk, today - timedelta(days=2), "missed", shared_note="Sorry, Sam.")
    offered = make_promise(user, due_at=walk.created_at + timedelta(days=3), person=sam)
    make_repair(missed, next_step="new_time", follow_up=offered, note_for_them="Friday?")
    return make_share(sam, shown_name="Rae")


def export(client, password) -> dict:
    reauthenticate(client, password)  # allauth asks for the password again before export
    response = client.post(reverse("data-export"), {"password": password, "format": "json"})
    return json.loads(response.content)


def send(client, document):
    upload = SimpleUploadedFile(
        "steady.json", json.dumps(document).encode(), content_type="application/json"
    )
    return client.post(reverse("data-import"), {"file": upload})


def test_the_export_has_shares_without_tokens_and_repairs(owner_client, owner, password):
    share = shared_account(owner)
    document = export(owner_client, password)
    body = json.dumps(document)
    assert share.token not in body and share.token_digest not in body
    assert [row["shown_name"] for row in document["data"]["shares"]] == ["Rae"]
    (repair,) = document["data"]["repairs"]
    assert repair["note_for_them"] == "Friday?"
    assert repair["checkin"] == document["data"]["checkins"][0]["id"]
    assert repair["follow_up"] in {row["id"] for row in document["data"]["commitments"]}
    assert document["data"]["checkins"][0]["shared_note"] == "Sorry, Sam."
    assert any(row["shared"] for row in document["data"]["commitments"])


def test_export_delete_import_brings_back_repairs_and_a_closed_share(client, make_user, password):
    first = make_user("round@example.com")
    old_share = shared_account(first)
    client.force_login(first)
    before = export(client, password)
    client.post(reverse("data-delete"), {"password": password, "confirm": "delete"})
    assert not Repair.objects.exists() and not PersonShare.objects.exists()

    again = make_user("round@example.com")
    client.force_login(again)
    assert send(client, before).status_code == 302
    repair = Repair.objects.get()
    assert repair.checkin.commitment.owner == again
    assert repair.follow_up.owner == again and repair.follow_up.person.name == "Sam"
    share = PersonShare.objects.get()
    assert share.person.owner == again and share.shown_name == "Rae"
    assert not share.is_live()  # opening it again is the helper's choice
    assert client.get(f"/p/{old_share.token}/").status_code == 404
    # Importing the same file again duplicates nothing.
    send(client, before)
    assert (Repair.objects.count(), PersonShare.objects.count()) == (1, 1)


def test_an_export_from_before_sharing_still_imports(owner_client, owner, password):
    make_checkin(make_routine(owner, start_date=owner.local_today()), owner.local_today())
    document = export(owner_client, password)
    for row in document["data"]["commitments"]:
        del row["shared"]
    for row in document["data"]["checkins"]:
        del row["shared_note"]
    del document["data"]["repairs"], document["data"]["shares"]
    Commitment.objects.all().delete()
    assert send(owner_client, document).status_code == 302
    assert CheckIn.objects.get().shared_note == ""
    assert Commitment.objects.get().shared is False


def test_deleting_the_account_deletes_shares_and_repairs(owner_client, owner, password):
    share = shared_account(owner)
    reauthenticate(owner_client, password)
    owner_client.post(reverse("data-delete"), {"password": password, "confirm": "delete"})
    assert not Repair.objects.exists() and not PersonShare.objects.exists()
    owner_client.logout()
    assert owner_client.get(f"/p/{share.token}/").status_code == 404
