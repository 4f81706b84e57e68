"""send_reminders by push: to a fake push service on 127.0.0.1, decrypted as a browser would."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.tracker.commands import send_reminders_at_once
from tests.tracker.factories import promise, routine, verified
from tracker.models import (
    CheckIn,
    CommitmentReminder,
    DataSettings,
    NotificationSettings,
    PushSubscription,
    ReminderLog,
)

DUE = datetime(2030, 6, 3, 15, 0, tzinfo=UTC)
REMIND_AT = DUE - timedelta(minutes=60)


def run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def choose(user, **values) -> NotificationSettings:
    row = NotificationSettings.objects.for_user(user)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


@pytest.fixture
def reminded(owner):
    """A promise due at DUE with a reminder an hour before, by push only (unverified email)."""
    DataSettings.objects.for_user(owner)  # made by the devices page, where push is chosen
    made = promise(owner, title="Call Sam back", due_at=DUE, note="private worry")
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=60)
    choose(owner, promise_channel="push")
    return made


def test_a_promise_reminder_arrives_encrypted_without_its_title(
    reminded, owner, push_service, subscribe_device
):
    device, browser = subscribe_device(owner)
    with time_machine.travel(REMIND_AT, tick=False):
        assert "1 sent" in run()
    [delivery] = push_service.received
    headers = {name.lower(): value for name, value in delivery.headers.items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert b"Call Sam" not in delivery.body
    payload = browser.decrypt(delivery.body)
    assert payload["body"] == "A promise is due today at 15:00."
    assert [a["title"] for a in payload["actions"]] == ["Kept", "Open"]
    assert payload["url"] == f"/today/#occ-{reminded.pk}-2030-06-03"
    assert payload["kept"]["url"] == "/device/act/" and payload["kept"]["token"]
    assert "Call Sam" not in str(payload) and "private worry" not in str(payload)
    device.refresh_from_db()
    assert device.last_used_at is not None
    assert mail.outbox == []


def test_titles_show_only_when_chosen(reminded, owner, push_service, subscribe_device):
    choose(owner, show_titles=True)
    _, browser = subscribe_device(owner)
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    payload = browser.decrypt(push_service.received[0].body)
    assert payload["body"] == "“Call Sam back” is due today at 15:00."
    assert "private worry" not in str(payload)


def test_every_device_gets_it_once_however_often_the_command_runs(
    reminded, owner, push_service, subscribe_device
):
    subscribe_device(owner, name="Phone")
    subscribe_device(owner, name="Laptop")
    with time_machine.travel(REMIND_AT, tick=False):
        run()
        run()
    with time_machine.travel(REMIND_AT + timedelta(minutes=20), tick=False):
        run()
    assert len(push_service.received) == 2


def test_a_gone_subscription_is_removed(reminded, owner, push_service, subscribe_device):
    gone, _ = subscribe_device(owner, path="/push/gone")
    missing, _ = subscribe_device(owner, path="/push/missing")
    kept, _ = subscribe_device(owner, path="/push/fine")
    push_service.answers.update({"/push/gone": 410, "/push/missing": 404})
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    assert list(PushSubscription.objects.all()) == [kept]


def test_a_push_service_error_is_tried_again_later(reminded, owner, push_service, subscribe_device):
    subscribe_device(owner, path="/push/busy")
    push_service.answers["/push/busy"] = 503
    with time_machine.travel(REMIND_AT, tick=False):
        assert "0 sent" in run()
    assert PushSubscription.objects.count() == 1
    push_service.answers["/push/busy"] = 201
    with time_machine.travel(REMIND_AT + timedelta(minutes=5), tick=False):
        assert "1 sent" in run()
    assert len(push_service.received) == 2


def test_an_already_recorded_occurrence_sends_nothing(
    reminded, owner, push_service, subscribe_device
):
    subscribe_device(owner)
    CheckIn.objects.create(
        commitment=reminded, occurrence_date=date(2030, 6, 3), due_at=DUE, state="kept"
    )
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    assert push_service.received == []


def test_email_only_by_default_and_both_when_chosen(
    reminded, owner, push_service, subscribe_device
):
    verified(owner)
    subscribe_device(owner)
    choose(owner, promise_channel="email")
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    assert (len(mail.outbox), len(push_service.received)) == (1, 0)
    ReminderLog.objects.all().delete()
    choose(owner, promise_channel="both")
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    assert (len(mail.outbox), len(push_service.received)) == (2, 1)


def test_quiet_hours_hold_it_until_they_end(reminded, owner, push_service, subscribe_device):
    owner.time_zone = "Europe/Paris"  # DUE is 17:00 there; the reminder 16:00
    owner.save()
    choose(owner, quiet_start=time(15, 30), quiet_end=time(16, 30))
    subscribe_device(owner)
    with time_machine.travel(REMIND_AT, tick=False):
        run()
    assert push_service.received == []
    with time_machine.travel(REMIND_AT + timedelta(minutes=30), tick=False):
        run()
    assert len(push_service.received) == 1


def test_quiet_hours_may_run_past_midnight(owner):
    prefs = choose(owner, quiet_start=time(22, 0), quiet_end=time(7, 0))
    zone = owner.zone
    at = lambda h, m=0: datetime(2030, 6, 3, h, m, tzinfo=zone)  # noqa: E731
    assert prefs.is_quiet(at(23), zone) and prefs.is_quiet(at(6, 59), zone)
    assert not prefs.is_quiet(at(7), zone) and not prefs.is_quiet(at(21, 59), zone)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_once(make_user, push_service, subscribe_device):
    owner = make_user()
    made = promise(owner, title="Race", due_at=DUE)
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=60)
    DataSettings.objects.for_user(owner)
    choose(owner, promise_channel="push")
    subscribe_device(owner)
    errors = send_reminders_at_once(REMIND_AT)
    assert errors == []
    assert len(push_service.received) == 1


# --- The morning summary ----------------------------------------------------------------


@pytest.fixture
def summarised(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    row = DataSettings.objects.for_user(owner)
    row.digest_enabled = True
    row.digest_time = time(7, 30)
    row.save()
    choose(owner, digest_channel="push")
    routine(owner, title="Walk together", start_date=date(2030, 1, 1))
    routine(owner, title="Say thank you", start_date=date(2030, 1, 1))
    return owner


MORNING = datetime(2030, 6, 3, 11, 30, tzinfo=UTC)  # 07:30 in New York


def test_the_summary_arrives_by_push_counting_what_is_open(
    summarised, push_service, subscribe_device
):
    _, browser = subscribe_device(summarised)
    walk = summarised.commitments.get(title="Walk together")
    CheckIn.objects.create(commitment=walk, occurrence_date=date(2030, 6, 3), state="kept")
    with time_machine.travel(MORNING, tick=False):
        run()
        run()
    [delivery] = push_service.received
    payload = browser.decrypt(delivery.body)
    assert payload["body"] == "1 thing on Today."
    assert [a["title"] for a in payload["actions"]] == ["Open"]
    assert "Say thank you" not in str(payload)
    assert mail.outbox == []


def test_a_summary_with_everything_recorded_sends_nothing(
    summarised, push_service, subscribe_device
):
    subscribe_device(summarised)
    for made in summarised.commitments.all():
        CheckIn.objects.create(commitment=made, occurrence_date=date(2030, 6, 3), state="kept")
    with time_machine.travel(MORNING, tick=False):
        run()
    assert push_service.received == []


def test_the_summary_waits_for_quiet_hours_to_end(summarised, push_service, subscribe_device):
    choose(summarised, quiet_start=time(22, 0), quiet_end=time(8, 0))
    subscribe_device(summarised)
    with time_machine.travel(MORNING, tick=False):
        run()
    assert push_service.received == []
    with time_machine.travel(MORNING + timedelta(minutes=30), tick=False):
        run()
    assert len(push_service.received) == 1
