"""POST /device/act/: a notification's "Kept", by signed single-use token, no session."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from tests.tracker.factories import promise, routine
from tracker.device import tokens
from tracker.models import CheckIn

URL = "/device/act/"


def tap(client, token):
    return client.post(URL, json.dumps({"token": token}), content_type="application/json")


@pytest.fixture
def due(owner):
    # Noon today (the owner's zone is UTC): recordable whatever time the test runs.
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    return promise(owner, title="Ring the plumber", due_at=noon)


def token_for(commitment, user=None, day=None):
    user = user or commitment.owner
    return tokens.make_token(
        user_id=user.pk,
        commitment_id=commitment.pk,
        occurrence_date=day or commitment.local_due_date(user.zone),
        due_at=commitment.due_at,
    )


def test_kept_records_once_without_a_session(client, due):
    token = token_for(due)
    response = tap(client, token)
    assert response.status_code == 200
    assert response.json()["message"] == "Recorded: kept"
    checkin = CheckIn.objects.get()
    assert (checkin.commitment, checkin.due_at, checkin.state) == (due, due.due_at, "kept")

    again = tap(client, token)
    assert again.status_code == 403
    assert "already been used" in again.json()["message"]
    assert CheckIn.objects.count() == 1


def test_an_expired_token_is_refused(client, due):
    token = token_for(due)
    with time_machine.travel(timezone.now() + tokens.MAX_AGE + timedelta(minutes=1)):
        assert tap(client, token).status_code == 403
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "junk", lambda t: ""])
def test_a_forged_token_is_refused(client, due, mangle):
    response = tap(client, mangle(token_for(due)))
    assert response.status_code in (400, 403)
    assert CheckIn.objects.count() == 0


def test_a_token_signed_for_something_else_is_refused(client, due):
    other_salt = signing.dumps({"u": due.owner_id, "c": due.pk}, salt="tracker.data.unsubscribe")
    assert tap(client, other_salt).status_code == 403


def test_a_token_naming_another_users_commitment_is_refused(client, due, other_user):
    assert tap(client, token_for(due, user=other_user)).status_code == 403
    assert CheckIn.objects.count() == 0


def test_a_token_used_while_signed_in_as_someone_else_is_refused(other_client, due):
    assert tap(other_client, token_for(due)).status_code == 403
    assert CheckIn.objects.count() == 0


def test_the_owner_signed_in_may_use_it_too(owner_client, due):
    assert tap(owner_client, token_for(due)).status_code == 200


def test_an_occurrence_recorded_meanwhile_keeps_its_record(client, due):
    CheckIn.objects.create(
        commitment=due, due_at=due.due_at, occurrence_date=due.due_at.date(), state="missed"
    )
    response = tap(client, token_for(due))
    assert response.status_code == 200
    # The answer replaces the notification on the lock screen: no title in it.
    assert response.json()["message"] == "Already recorded as Missed from another device."
    assert CheckIn.objects.get().state == "missed"


def test_a_moved_promise_is_not_recorded_at_its_old_time(client, due):
    token = token_for(due)
    due.due_at += timedelta(days=2)
    due.save()
    response = tap(client, token)
    assert response.status_code == 409
    assert CheckIn.objects.count() == 0


def test_it_works_for_a_routine_day(client, owner):
    walk = routine(owner, start_date=owner.local_today())
    token = tokens.make_token(
        user_id=owner.pk, commitment_id=walk.pk, occurrence_date=owner.local_today(), due_at=None
    )
    assert tap(client, token).status_code == 200
    assert CheckIn.objects.get().occurrence_date == owner.local_today()


def test_a_future_day_is_not_recorded(client, owner):
    walk = routine(owner, start_date=date(2025, 1, 1))
    token = tokens.make_token(
        user_id=owner.pk,
        commitment_id=walk.pk,
        occurrence_date=owner.local_today() + timedelta(days=3),
        due_at=None,
    )
    assert tap(client, token).status_code == 409
    assert CheckIn.objects.count() == 0


def test_a_deactivated_account_cannot_act(client, due, owner):
    owner.is_active = False
    owner.save()
    assert tap(client, token_for(due)).status_code == 403


def test_only_post_and_a_form_body_works_too(client, due):
    assert client.get(URL).status_code == 405
    assert client.post(URL, {"token": token_for(due)}).status_code == 200
    assert client.post(URL, "{not json", content_type="application/json").status_code == 400
