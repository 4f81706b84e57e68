"""POST /device/sync/: check-ins queued offline, each recorded once."""

import json
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client

from tests.tracker.factories import promise, routine
from tracker.models import CheckIn, OfflineReceipt

URL = "/device/sync/"


def item(commitment, day, state="kept", **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "commitment": commitment.pk,
        "occurrence_date": day.isoformat(),
        "due_at": "",
        "state": state,
        **extra,
    }


def post(client, items, **headers):
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post(
        URL, json.dumps({"items": items}), content_type="application/json", **headers
    )


@pytest.fixture
def walk(owner):
    return routine(owner, title="Walk together", start_date=owner.local_today() - timedelta(3))


def test_it_records_a_queued_check_in(owner_client, owner, walk):
    queued = item(walk, owner.local_today())
    response = post(owner_client, [queued])
    assert response.status_code == 200
    [answer] = response.json()["results"]
    assert answer == {
        "id": queued["id"],
        "status": "recorded",
        "state": "kept",
        "message": "Recorded “Walk together”: kept.",
    }
    checkin = CheckIn.objects.get()
    assert (checkin.commitment, checkin.occurrence_date, checkin.state) == (
        walk,
        owner.local_today(),
        "kept",
    )


def test_the_same_item_sent_twice_records_once(owner_client, owner, walk):
    queued = item(walk, owner.local_today())
    first = post(owner_client, [queued]).json()["results"]
    second = post(owner_client, [queued, queued]).json()["results"]
    assert [a["status"] for a in first + second] == ["recorded"] * 3
    assert CheckIn.objects.count() == 1
    assert OfflineReceipt.objects.count() == 1


def test_a_replay_shows_no_second_message(owner_client, owner, walk):
    queued = item(walk, owner.local_today())
    post(owner_client, [queued])
    post(owner_client, [queued])
    page = owner_client.get("/today/").content.decode()
    assert page.count("Recorded “Walk together”: kept.") == 1


def test_a_replay_after_an_undo_does_not_record_again(owner_client, owner, walk):
    queued = item(walk, owner.local_today())
    post(owner_client, [queued])
    CheckIn.objects.all().delete()  # undone on Today meanwhile
    post(owner_client, [queued])
    assert CheckIn.objects.count() == 0


def test_an_occurrence_recorded_differently_meanwhile_keeps_the_earlier_record(
    owner_client, owner, walk
):
    today = owner.local_today()
    CheckIn.objects.create(commitment=walk, occurrence_date=today, state="late", note="Mine")
    [answer] = post(owner_client, [item(walk, today, "kept")]).json()["results"]
    assert answer["status"] == "already" and answer["state"] == "late"
    assert answer["message"].startswith("Already recorded as Late from another device")
    checkin = CheckIn.objects.get()
    assert (checkin.state, checkin.note) == ("late", "Mine")
    # Today shows it on the next page, as it does for an online check-in.
    page = owner_client.get("/today/")
    assert "Already recorded as Late from another device" in page.content.decode()


def test_a_promise_is_named_by_its_due_time(owner_client, owner):
    due = owner.local_today()
    made = promise(owner, title="Ring the plumber", due_at=owner_now(owner))
    queued = item(made, due, "late", due_at=made.due_at.isoformat())
    [answer] = post(owner_client, [queued]).json()["results"]
    assert answer["status"] == "recorded"
    assert CheckIn.objects.get().due_at == made.due_at


def owner_now(owner):
    from django.utils import timezone

    return timezone.now().replace(microsecond=0) - timedelta(minutes=5)


@pytest.mark.parametrize(
    "change",
    [
        {"state": "rescheduled"},
        {"state": "<b>kept</b>"},
        {"id": "not-a-uuid"},
        {"commitment": "x"},
        {"commitment": 2**70},
        {"occurrence_date": "2026-02-30"},
        {"occurrence_date": "9999-12-31"},
        {"due_at": "yesterday"},
        {"due_at": "2030-01-01T10:00:00"},
    ],
)
def test_bad_items_are_answered_and_write_nothing(owner_client, owner, walk, change):
    bad = {**item(walk, owner.local_today()), **change}
    response = post(owner_client, [bad])
    assert response.status_code == 200
    [answer] = response.json()["results"]
    assert answer["status"] == "invalid" and answer["message"]
    assert CheckIn.objects.count() == 0 and OfflineReceipt.objects.count() == 0


@pytest.mark.parametrize(
    "body", ["", "not json", "[]", '{"items": 3}', json.dumps({"items": [1] * 101})]
)
def test_a_malformed_body_is_a_400(owner_client, body):
    response = owner_client.post(
        URL, body, content_type="application/json", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 400


def test_a_day_that_was_not_due_is_refused(owner_client, owner, walk):
    [answer] = post(owner_client, [item(walk, walk.start_date - timedelta(1))]).json()["results"]
    assert answer["status"] == "invalid"
    assert "Nothing was due that day." in answer["message"]


def test_another_users_commitment_is_refused(other_client, owner, walk):
    [answer] = post(other_client, [item(walk, owner.local_today())]).json()["results"]
    assert answer["status"] == "invalid"
    assert "Walk together" not in answer["message"]
    assert CheckIn.objects.count() == 0


def test_another_user_reusing_an_item_id_gets_nothing_of_the_first(
    owner_client, owner, walk, make_user
):
    queued = item(walk, owner.local_today())
    post(owner_client, [queued])
    stranger = make_user()
    theirs = routine(stranger, title="Theirs", start_date=owner.local_today())
    client = Client()
    client.force_login(stranger)
    [answer] = post(client, [{**queued, "commitment": theirs.pk}]).json()["results"]
    assert answer["status"] == "recorded" and "Walk together" not in answer["message"]
    assert CheckIn.objects.count() == 2


def test_anonymous_is_refused(client, owner, walk):
    response = post(client, [item(walk, owner.local_today())])
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_a_request_from_another_site_is_refused(owner_client, owner, walk):
    response = post(
        owner_client, [item(walk, owner.local_today())], HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    response = owner_client.post(
        URL,
        json.dumps({"items": [item(walk, owner.local_today())]}),
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_only_post(owner_client):
    assert owner_client.get(URL).status_code == 405


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_item", [True, False])
def test_concurrent_replays_record_once_and_keep_the_first(make_user, same_item):
    """Four devices (or four replays of one item) send at the same moment."""
    owner = make_user()
    walk = routine(owner, title="Walk", start_date=owner.local_today())
    day = owner.local_today()
    shared = item(walk, day)
    items = [shared] * 4 if same_item else [item(walk, day, s) for s in ("kept", "late") * 2]
    start = threading.Barrier(len(items))
    answers, errors = [], []

    def replay(queued):
        client = Client()
        client.force_login(owner)
        try:
            start.wait(timeout=10)
            answers.append(post(client, [queued]).json()["results"][0])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=replay, args=(queued,)) for queued in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    [checkin] = CheckIn.objects.all()
    recorded = [a for a in answers if a["status"] == "recorded"]
    if same_item:
        assert len(recorded) == 4 and OfflineReceipt.objects.count() == 1
    else:
        # The first to arrive stays; the other state is told it was already recorded.
        assert {a["state"] for a in answers} == {checkin.state}
        assert all(a["status"] in ("recorded", "already") for a in answers)
        assert any(a["status"] == "already" for a in answers)
