from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import reauthenticate
from tests.tracker.factories import history
from tracker.data import export
from tracker.models import ReminderLog, User

URL = reverse("data-delete")


def counts(user) -> dict:
    return {
        kind.name: kind.model.objects.filter(**{kind.owner_path: user}).count()
        for kind in export.REGISTRY
    }


def test_the_page_asks_for_the_password_first(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_page_explains_what_will_happen(fresh_owner_client):
    response = fresh_owner_client.get(URL)
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()


def test_it_deletes_every_row_the_user_owns_and_nothing_else(
    fresh_owner_client, owner, other_user, password
):
    history(owner, commitments=4, days=5)
    history(other_user, commitments=3, days=4)
    ReminderLog.objects.create(user=owner, kind="digest", key="2030-01-01")
    other_before = counts(other_user)
    assert all(counts(owner)[name] for name in ("people", "commitments", "checkins"))
    owner_id = owner.pk

    response = fresh_owner_client.post(URL, {"password": password, "confirm": "Delete "})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=owner_id).exists()
    assert all(
        kind.model.objects.filter(**{f"{kind.owner_path}_id": owner_id}).count() == 0
        for kind in export.REGISTRY
    )
    assert not ReminderLog.objects.filter(user_id=owner_id).exists()
    assert counts(other_user) == other_before


def test_it_ends_every_session_of_the_user_and_no_one_elses(owner, other_user, password):
    laptop, phone, theirs = Client(), Client(), Client()
    laptop.force_login(owner)
    phone.force_login(owner)
    theirs.force_login(other_user)
    reauthenticate(laptop, password)
    assert Session.objects.count() == 3

    laptop.post(URL, {"password": password, "confirm": "delete"})

    assert Session.objects.count() == 1
    assert phone.get(reverse("data")).status_code == 302
    assert theirs.get(reverse("data")).status_code == 200


def test_it_confirms_by_email_once_the_deletion_is_committed(
    fresh_owner_client, owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh_owner_client.post(URL, {"password": password, "confirm": "delete"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert "deleted" in message.subject
    assert "List-Unsubscribe" in message.extra_headers


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    asked = owner_client.post(URL, {"confirm": "delete"})["Location"]
    response = owner_client.post(asked, {"password": "guess"})
    assert response.status_code == 200
    assert "That password doesn&#x27;t match your account." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert mail.outbox == []


def test_a_missing_confirmation_word_deletes_nothing(fresh_owner_client, owner, password):
    response = fresh_owner_client.post(URL, {"password": password, "confirm": "yes"})
    assert response.status_code == 400
    assert "Type the word “delete”" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()


def test_anonymous_users_are_sent_to_sign_in(client, password):
    for response in (client.get(URL), client.post(URL, {"password": password})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
