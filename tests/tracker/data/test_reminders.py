from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.tracker.commands import send_reminders_at_once
from tests.tracker.factories import promise, routine, verified
from tracker import emails
from tracker.data import reminders
from tracker.models import CheckIn, CommitmentPause, CommitmentReminder, DataSettings, ReminderLog

DUE = datetime(2030, 6, 3, 15, 0, tzinfo=UTC)  # 11:00 in New York


def run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def reminded(owner):
    """A verified owner with a promise due at DUE and a reminder an hour before."""
    verified(owner)
    made = promise(owner, title="Call Sam back", due_at=DUE, note="private worry")
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=60)
    return made


# --- Promise reminders ------------------------------------------------------------------


def test_a_reminder_goes_out_its_chosen_time_before_the_promise(reminded):
    with time_machine.travel(DUE - timedelta(minutes=60), tick=False):
        assert "1 reminder(s) queued, 1 sent, 0 failed." in run()
    [message] = mail.outbox
    assert message.to == ["owner@example.com"]
    assert "Call Sam back" in message.subject
    assert "today at 15:00" in message.body


def test_no_reminder_before_its_time(reminded):
    with time_machine.travel(DUE - timedelta(minutes=61), tick=False):
        run()
    assert mail.outbox == []


def test_a_late_run_skips_a_reminder_whose_promise_is_already_due(reminded):
    with time_machine.travel(DUE, tick=False):
        run()
    with time_machine.travel(DUE + timedelta(hours=3), tick=False):
        run()
    assert mail.outbox == []


def test_a_late_run_still_sends_a_reminder_before_the_due_time(reminded):
    with time_machine.travel(DUE - timedelta(minutes=5), tick=False):
        run()
    assert len(mail.outbox) == 1


def test_a_reminder_is_sent_once_however_often_the_command_runs(reminded):
    for minutes in (60, 55, 50, 10):
        with time_machine.travel(DUE - timedelta(minutes=minutes), tick=False):
            run()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(kind="promise").count() == 1


def test_a_rescheduled_promise_gets_a_new_reminder(reminded):
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        run()
        reminded.due_at = DUE + timedelta(days=1)
        reminded.save()
    with time_machine.travel(DUE + timedelta(days=1) - timedelta(minutes=30), tick=False):
        run()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "change",
    [
        "unverified",
        "reminder_off",
        "account_reminders_off",
        "paused",
        "already_recorded",
        "email_changed_elsewhere",
    ],
)
def test_no_reminder_when(change, reminded, owner):
    row = DataSettings.objects.for_user(owner)
    if change == "unverified":
        row.verified_email = ""
        row.save()
    elif change == "reminder_off":
        CommitmentReminder.objects.filter(commitment=reminded).update(enabled=False)
    elif change == "account_reminders_off":
        row.unsubscribe()
    elif change == "paused":
        reminded.status = "paused"
        reminded.save()
    elif change == "already_recorded":
        CheckIn.objects.create(
            commitment=reminded, occurrence_date=DUE.date(), due_at=DUE, state="kept"
        )
    elif change == "email_changed_elsewhere":
        owner.email = "new@example.com"
        owner.save()
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        run()
    assert mail.outbox == []


def test_reminder_emails_carry_no_notes_and_a_one_click_unsubscribe(reminded):
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        run()
    [message] = mail.outbox
    html = message.alternatives[0].content
    assert "private worry" not in message.body and "private worry" not in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/accounts/data/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_reminder_times_are_in_the_users_zone(reminded, owner):
    owner.time_zone = "Asia/Tokyo"
    owner.save()
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        run()
    # 15:00 UTC is midnight in Tokyo: the promise is tomorrow there.
    assert "tomorrow at 00:00" in mail.outbox[0].body


def test_a_failed_send_is_tried_again_on_the_next_run(reminded, monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(emails, "send", broken)
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False), pytest.raises(SystemExit):
        run()
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    with time_machine.travel(DUE - timedelta(minutes=20), tick=False):
        run()
    assert len(mail.outbox) == 1


# --- Morning summary --------------------------------------------------------------------


@pytest.fixture
def new_yorker(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    row = verified(owner)
    row.digest_enabled = True
    row.digest_time = time(7, 30)
    row.save()
    routine(owner, title="Walk", start_date=date(2030, 1, 1), time_of_day=time(8, 0), note="secret")
    return owner


def ny(day: date, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("America/New_York"))


def test_the_summary_goes_out_at_the_chosen_local_time(new_yorker):
    day = date(2030, 6, 3)
    promise(new_yorker, title="Dentist", due_at=ny(day, 10))
    promise(new_yorker, title="Not today", due_at=ny(day + timedelta(days=1), 10))
    with time_machine.travel(ny(day, 7, 29), tick=False):
        run()
    assert mail.outbox == []
    with time_machine.travel(ny(day, 7, 30), tick=False):
        run()
    [message] = mail.outbox
    assert "2 commitments" in message.subject
    assert "08:00: Walk" in message.body
    assert "10:00: Dentist" in message.body
    assert "Not today" not in message.body
    assert "secret" not in message.body


def test_at_most_one_summary_a_day(new_yorker):
    day = date(2030, 6, 3)
    for hour, minute in [(7, 30), (7, 35), (9, 0), (12, 0)]:
        with time_machine.travel(ny(day, hour, minute), tick=False):
            run()
    assert len(mail.outbox) == 1
    with time_machine.travel(ny(day + timedelta(days=1), 7, 31), tick=False):
        run()
    assert len(mail.outbox) == 2


def test_a_late_run_catches_up_within_six_hours_but_never_floods(new_yorker):
    day = date(2030, 6, 3)
    # The command did not run for two days; it sends only today's summary.
    with time_machine.travel(ny(day, 13, 0), tick=False):
        run()
    assert len(mail.outbox) == 1
    assert "Monday 3 June" in mail.outbox[0].body
    with time_machine.travel(ny(day + timedelta(days=1), 13, 31), tick=False):
        run()
    assert len(mail.outbox) == 1


def test_the_summary_follows_the_clock_across_daylight_saving(new_yorker):
    # 2030-03-10: New York springs forward; 07:30 local is 11:30 UTC, not 12:30.
    before = datetime(2030, 3, 9, 12, 30, tzinfo=UTC)
    change = datetime(2030, 3, 10, 11, 30, tzinfo=UTC)
    with time_machine.travel(before - timedelta(minutes=1), tick=False):
        run()
    assert mail.outbox == []
    with time_machine.travel(before, tick=False):
        run()
    assert len(mail.outbox) == 1
    with time_machine.travel(change - timedelta(minutes=1), tick=False):
        run()
    assert len(mail.outbox) == 1
    with time_machine.travel(change, tick=False):
        run()
    assert len(mail.outbox) == 2
    # Autumn: 2030-11-03 falls back; 07:30 local is 12:30 UTC again.
    with time_machine.travel(datetime(2030, 11, 3, 12, 29, tzinfo=UTC), tick=False):
        run()
    assert len(mail.outbox) == 2
    with time_machine.travel(datetime(2030, 11, 3, 12, 30, tzinfo=UTC), tick=False):
        run()
    assert len(mail.outbox) == 3


def test_each_user_gets_the_summary_in_their_own_zone(new_yorker, make_user):
    tokyo = make_user("tokyo@example.com", time_zone="Asia/Tokyo")
    row = verified(tokyo)
    row.digest_enabled = True
    row.save()
    routine(tokyo, title="Tea", start_date=date(2030, 1, 1))
    # 22:30 UTC on 2 June is 07:30 on 3 June in Tokyo and 18:30 on 2 June in New York.
    with time_machine.travel(datetime(2030, 6, 2, 22, 30, tzinfo=UTC), tick=False):
        run()
    [message] = mail.outbox
    assert message.to == ["tokyo@example.com"]
    assert "today: Tea" in message.body


def test_no_summary_for_a_day_with_nothing_on_it(new_yorker):
    walk = new_yorker.commitments.get()
    CommitmentPause.objects.create(commitment=walk, starts_on=date(2030, 6, 1))
    with time_machine.travel(ny(date(2030, 6, 3), 7, 30), tick=False):
        run()
    assert mail.outbox == []


def test_no_summary_unless_switched_on_and_verified(new_yorker):
    row = DataSettings.objects.for_user(new_yorker)
    row.digest_enabled = False
    row.save()
    with time_machine.travel(ny(date(2030, 6, 3), 7, 30), tick=False):
        run()
    row.digest_enabled = True
    row.verified_email = ""
    row.save()
    with time_machine.travel(ny(date(2030, 6, 3), 7, 40), tick=False):
        run()
    assert mail.outbox == []


def test_the_summary_counts_a_times_per_week_routine(new_yorker):
    routine(new_yorker, title="Call", schedule_type="per_week", times_per_week=2)
    with time_machine.travel(ny(date(2030, 6, 3), 7, 30), tick=False):
        run()
    assert "2× this week: Call" in mail.outbox[0].body


# --- Concurrency ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(make_user):
    owner = make_user("racer@example.com", time_zone="America/New_York")
    row = verified(owner)
    row.digest_enabled = True
    row.save()
    made = promise(owner, title="Race", due_at=DUE)
    routine(owner, title="Walk", start_date=date(2030, 1, 1))
    CommitmentReminder.objects.create(commitment=made, enabled=True, minutes_before=1440)
    moment = ny(date(2030, 6, 3), 7, 45)
    errors = send_reminders_at_once(moment)
    assert errors == []
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2, subjects
    assert ReminderLog.objects.count() == 2


def test_a_claim_is_refused_the_second_time(owner):
    assert reminders.claim(user_id=owner.pk, kind="digest", key="2030-06-03")
    assert not reminders.claim(user_id=owner.pk, kind="digest", key="2030-06-03")
    assert reminders.claim(user_id=owner.pk, kind="digest", key="2030-06-04")


def test_two_runs_that_both_saw_a_reminder_due_send_it_once(reminded, new_yorker):
    from tracker.data import tasks

    CommitmentReminder.objects.filter(commitment=reminded).update(minutes_before=1440)
    with time_machine.travel(ny(date(2030, 6, 3), 7, 45), tick=False):
        now = datetime.now(tz=UTC)
        seen = [reminders.promise_reminders_due(now) for _ in range(2)]
        digests = [reminders.digests_due(now) for _ in range(2)]
        assert all(len(found) == 1 for found in seen + digests)
        for found in seen:
            tasks.send_promise_reminder.enqueue(commitment_id=found[0].pk)
        for [(user_id, day)] in digests:
            tasks.send_digest.enqueue(user_id=user_id, day=day.isoformat())
    assert len(mail.outbox) == 2


# --- The summary lists what Today lists for the day -------------------------------------


def test_the_summary_leaves_out_a_routine_already_skipped_for_today(new_yorker):
    """Regression: the summary used to read the schedule alone and listed it anyway."""
    day = date(2030, 6, 3)
    walk = new_yorker.commitments.get()
    routine(new_yorker, title="Stretch", start_date=date(2030, 1, 1))
    CheckIn.objects.create(commitment=walk, occurrence_date=day, state="skipped")
    with time_machine.travel(ny(day, 7, 30), tick=False):
        run()
    [message] = mail.outbox
    assert "Stretch" in message.body
    assert "Walk" not in message.body


def test_a_skipped_day_alone_sends_no_summary(new_yorker):
    day = date(2030, 6, 3)
    walk = new_yorker.commitments.get()
    CheckIn.objects.create(commitment=walk, occurrence_date=day, state="skipped")
    with time_machine.travel(ny(day, 7, 30), tick=False):
        run()
    assert mail.outbox == []


def test_the_summary_follows_a_routine_day_moved_with_notice(new_yorker):
    walk = new_yorker.commitments.get()
    walk.schedule_type = "weekdays"
    walk.weekdays = 1  # Mondays
    walk.save()
    monday, wednesday = date(2030, 6, 3), date(2030, 6, 5)
    CheckIn.objects.create(
        commitment=walk, occurrence_date=monday, state="rescheduled", rescheduled_to_date=wednesday
    )
    with time_machine.travel(ny(monday, 7, 30), tick=False):
        run()
    assert mail.outbox == []
    with time_machine.travel(ny(wednesday, 7, 30), tick=False):
        run()
    [message] = mail.outbox
    assert "08:00: Walk" in message.body


def test_the_summary_leaves_out_a_promise_skipped_at_its_due_time(new_yorker):
    day = date(2030, 6, 3)
    dentist = promise(new_yorker, title="Dentist", due_at=ny(day, 10))
    CheckIn.objects.create(
        commitment=dentist, occurrence_date=day, due_at=dentist.due_at, state="skipped"
    )
    with time_machine.travel(ny(day, 7, 30), tick=False):
        run()
    [message] = mail.outbox
    assert "Walk" in message.body
    assert "Dentist" not in message.body


def test_a_times_per_week_routine_is_not_in_the_summary_before_it_starts(new_yorker):
    """Today shows it from its start date only; the summary used to list it from the
    first day of the week it starts in."""
    routine(
        new_yorker,
        title="Call",
        schedule_type="per_week",
        times_per_week=2,
        start_date=date(2030, 6, 5),  # a Wednesday
    )
    with time_machine.travel(ny(date(2030, 6, 3), 7, 30), tick=False):
        run()
    [message] = mail.outbox
    assert "Call" not in message.body
