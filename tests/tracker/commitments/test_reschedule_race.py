"""Twenty identical reschedule requests at once: one moves the promise, the rest are told."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.tracker.factories import make_promise, make_routine
from tracker.models import CheckIn, Commitment


def _post_at_once(owner, url: str, data: dict, count: int = 20) -> list:
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=False)
        client.force_login(owner)
        clients.append(client)
    start = threading.Barrier(count)
    results: list = []

    def one(client):
        try:
            start.wait(timeout=20)
            response = client.post(url, data)
            said = [str(m) for m in get_messages(response.wsgi_request)]
            said.append(response.content.decode())
            results.append((response.status_code, said))
        except BaseException as error:
            results.append((repr(error), []))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_promise_reschedules_at_once_move_it_once(make_user):
    owner = make_user("racer@example.com")
    due = (timezone.now() + timedelta(days=3)).replace(hour=11, minute=0, second=0, microsecond=0)
    promise = make_promise(owner, due_at=due)
    new = due + timedelta(hours=1)
    data = {
        "occurrence_date": due.date().isoformat(),
        "due_at": due.isoformat(),
        "new_date": new.date().isoformat(),
        "new_time": new.strftime("%H:%M"),
    }
    results = _post_at_once(owner, f"/track/{promise.pk}/reschedule/", data)

    assert len(results) == 20 and all(code in (302, 400) for code, _ in results), results
    moved = [notes for _, notes in results if any("Thank you" in n for n in notes)]
    assert len(moved) == 1
    told = [code for code, notes in results if any("already" in n for n in notes)]
    assert len(told) == 19
    history = CheckIn.objects.get()
    assert (history.due_at, history.rescheduled_to) == (due, new)
    assert Commitment.objects.get().due_at == new


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_routine_day_reschedules_at_once_move_it_once(make_user):
    owner = make_user("racer@example.com")
    today = datetime.now(UTC).date()
    routine = make_routine(
        owner, start_date=today, schedule_type="weekdays", weekdays=1 << today.weekday()
    )
    data = {
        "occurrence_date": today.isoformat(),
        "new_date": (today + timedelta(days=1)).isoformat(),
        "note": "Told them",
    }
    results = _post_at_once(owner, f"/track/{routine.pk}/reschedule/", data)

    assert all(code in (302, 400) for code, _ in results), results
    assert sum(any("Thank you" in n for n in notes) for _, notes in results) == 1
    assert sum(any("already" in n for n in notes) for _, notes in results) == 19
    assert CheckIn.objects.get().rescheduled_to_date == today + timedelta(days=1)
