from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from tests.tracker.factories import (
    at,
    make_checkin,
    make_person,
    make_promise,
    make_routine,
)
from tracker.commitments import services
from tracker.models import CheckIn, Commitment, CommitmentPause

DAY = date(2026, 3, 10)


@pytest.fixture
def routine(owner):
    return make_routine(owner, start_date=DAY - timedelta(days=10))


def test_recording_twice_updates_the_same_check_in(routine):
    services.record_check_in(commitment=routine, occurrence_date=DAY, state="kept")
    services.record_check_in(commitment=routine, occurrence_date=DAY, state="late", note="5 min")
    checkin = CheckIn.objects.get()
    assert (checkin.state, checkin.note) == ("late", "5 min")


def test_recording_without_a_note_keeps_the_note_already_written(routine):
    services.record_check_in(commitment=routine, occurrence_date=DAY, state="kept", note="Lovely")
    services.record_check_in(commitment=routine, occurrence_date=DAY, state="late")
    assert CheckIn.objects.get().note == "Lovely"


def test_losing_a_race_to_create_the_row_updates_the_winners_row(routine):
    # The caller read nothing recorded; another request inserted the row just after.
    make_checkin(routine, DAY, "kept", note="Theirs")
    checkin = services.record_check_in(
        commitment=routine, occurrence_date=DAY, state="missed", current=None
    )
    assert CheckIn.objects.get() == checkin
    assert (checkin.state, checkin.note) == ("missed", "Theirs")


def test_losing_a_race_inside_a_transaction_leaves_it_usable(routine):
    """ "Mark all as kept" records several days in one transaction: a day another request
    recorded meanwhile is updated, and the rest are still written."""
    make_checkin(routine, DAY, "missed")
    with transaction.atomic():
        services.record_kept_days(commitment=routine, days=[DAY, DAY - timedelta(days=1)])
    assert sorted(CheckIn.objects.values_list("occurrence_date", "state")) == [
        (DAY - timedelta(days=1), "kept"),
        (DAY, "kept"),
    ]


def test_a_check_in_undone_since_it_was_read_is_recorded_again(routine):
    read = make_checkin(routine, DAY, "kept")
    CheckIn.objects.all().delete()  # another request's undo
    checkin = services.record_check_in(
        commitment=routine, occurrence_date=DAY, state="late", current=read
    )
    assert CheckIn.objects.get() == checkin
    assert checkin.pk != read.pk and checkin.state == "late"


def test_changing_a_check_in_read_before_writes_one_row(routine, django_assert_num_queries):
    read = make_checkin(routine, DAY, "kept", note="Lovely", shared_note="For you")
    before = CheckIn.objects.get()
    with django_assert_num_queries(1):
        checkin = services.record_check_in(
            commitment=routine, occurrence_date=DAY, state="late", current=read
        )
    after = CheckIn.objects.get()
    assert checkin is read and checkin.state == after.state == "late"
    assert (after.note, after.shared_note, after.recorded_at) == (
        "Lovely",
        "For you",
        before.recorded_at,
    )
    assert after.updated_at > before.updated_at  # what the progress cache keys on


def test_the_database_refuses_a_second_check_in_for_the_same_routine_day(routine):
    make_checkin(routine, DAY)
    with pytest.raises(IntegrityError):
        make_checkin(routine, DAY)


def test_the_database_refuses_a_second_check_in_for_the_same_promise_time(owner):
    due = at(DAY, 15)
    promise = make_promise(owner, due_at=due)
    make_checkin(promise, DAY, due_at=due)
    with pytest.raises(IntegrityError):
        make_checkin(promise, DAY, due_at=due)


def test_undo_deletes_only_that_occurrence(routine):
    make_checkin(routine, DAY)
    make_checkin(routine, DAY - timedelta(days=1))
    assert services.undo_check_in(commitment=routine, occurrence_date=DAY)
    assert list(CheckIn.objects.values_list("occurrence_date", flat=True)) == [
        DAY - timedelta(days=1)
    ]
    assert not services.undo_check_in(commitment=routine, occurrence_date=DAY)


def test_rescheduling_a_promise_keeps_the_old_time_in_its_history(owner):
    old, new = at(DAY, 15), at(DAY + timedelta(days=2), 11)
    promise = make_promise(owner, due_at=old)
    services.reschedule_promise(
        commitment=promise, from_due_at=old, new_due_at=new, note="Told her Monday"
    )
    promise.refresh_from_db()
    assert promise.due_at == new
    history = CheckIn.objects.get()
    assert (history.due_at, history.state, history.rescheduled_to) == (old, "rescheduled", new)
    assert history.note == "Told her Monday"


def test_rescheduling_a_routine_day_adds_the_new_day_as_an_occurrence(owner, routine):
    routine.schedule_type = "weekdays"
    routine.weekdays = 1 << DAY.weekday()
    routine.save()
    services.reschedule_routine_day(
        commitment=routine, occurrence_date=DAY, new_date=DAY + timedelta(days=1)
    )
    occurrence = routine.occurrence_on(DAY + timedelta(days=1), user=owner)
    assert occurrence is not None and occurrence.moved_here
    assert routine.occurrence_on(DAY, user=owner).checkin.state == "rescheduled"


def test_pause_then_resume_leaves_a_closed_span(routine):
    services.set_status(commitment=routine, status=Commitment.Status.PAUSED, today=DAY)
    services.set_status(
        commitment=routine, status=Commitment.Status.PAUSED, today=DAY + timedelta(days=1)
    )  # no-op
    services.set_status(
        commitment=routine, status=Commitment.Status.ACTIVE, today=DAY + timedelta(days=3)
    )
    routine.refresh_from_db()
    assert routine.status == Commitment.Status.ACTIVE
    span = CommitmentPause.objects.get()
    assert (span.starts_on, span.ends_on) == (DAY, DAY + timedelta(days=3))


def test_paused_days_are_never_due(owner, routine):
    services.set_status(commitment=routine, status=Commitment.Status.PAUSED, today=DAY)
    services.set_status(
        commitment=routine, status=Commitment.Status.ACTIVE, today=DAY + timedelta(days=2)
    )
    assert routine.occurrence_on(DAY, user=owner) is None
    assert routine.occurrence_on(DAY + timedelta(days=1), user=owner) is None
    assert routine.occurrence_on(DAY + timedelta(days=2), user=owner) is not None


def test_resuming_on_the_day_of_pausing_leaves_no_span(routine):
    services.set_status(commitment=routine, status=Commitment.Status.PAUSED, today=DAY)
    services.set_status(commitment=routine, status=Commitment.Status.ACTIVE, today=DAY)
    assert not CommitmentPause.objects.exists()


def test_archiving_opens_a_pause_from_that_day(routine):
    services.set_status(commitment=routine, status=Commitment.Status.ARCHIVED, today=DAY)
    routine.refresh_from_db()
    assert routine.status == Commitment.Status.ARCHIVED
    assert CommitmentPause.objects.get().ends_on is None


def test_deleting_a_person_can_keep_their_commitments_unassigned(owner):
    sam = make_person(owner)
    kept = make_routine(owner, start_date=DAY, person=sam)
    assert services.delete_person(person=sam, delete_commitments=False) == 0
    kept.refresh_from_db()
    assert kept.person is None


def test_deleting_a_person_can_delete_their_commitments(owner):
    sam = make_person(owner)
    other = make_routine(owner, start_date=DAY, title="Not for Sam")
    make_checkin(make_routine(owner, start_date=DAY, person=sam), DAY)
    assert services.delete_person(person=sam, delete_commitments=True) == 1
    assert list(Commitment.objects.all()) == [other]
    assert not CheckIn.objects.exists()


def test_a_promise_check_in_is_keyed_by_its_due_time(owner):
    due = datetime(2026, 3, 10, 15, 0, tzinfo=owner.zone)
    promise = make_promise(owner, due_at=due)
    services.record_check_in(commitment=promise, occurrence_date=DAY, due_at=due, state="kept")
    services.record_check_in(commitment=promise, occurrence_date=DAY, due_at=due, state="late")
    assert CheckIn.objects.get().due_at == due


def test_a_stale_promise_reschedule_changes_nothing(owner):
    old, new = at(DAY, 15), at(DAY + timedelta(days=2), 11)
    promise = make_promise(owner, due_at=old)
    services.reschedule_promise(commitment=promise, from_due_at=old, new_due_at=new)
    with pytest.raises(services.StaleOccurrence, match="already rescheduled"):
        services.reschedule_promise(commitment=promise, from_due_at=old, new_due_at=new)
    promise.refresh_from_db()
    assert promise.due_at == new
    assert CheckIn.objects.get().rescheduled_to == new


def test_a_repeated_routine_day_reschedule_changes_nothing(routine):
    services.reschedule_routine_day(
        commitment=routine, occurrence_date=DAY, new_date=DAY + timedelta(days=1), note="Told"
    )
    with pytest.raises(services.StaleOccurrence, match="already rescheduled"):
        services.reschedule_routine_day(
            commitment=routine, occurrence_date=DAY, new_date=DAY + timedelta(days=1)
        )
    assert CheckIn.objects.get().note == "Told"


def test_a_check_in_for_a_promise_time_that_moved_meanwhile_changes_nothing(owner):
    old, new = at(DAY, 15), at(DAY + timedelta(days=2), 11)
    promise = make_promise(owner, due_at=old)
    stale = Commitment.objects.get(pk=promise.pk)  # read before the reschedule
    services.reschedule_promise(commitment=promise, from_due_at=old, new_due_at=new)
    for write in (services.record_check_in, services.undo_check_in):
        extra = {"state": "kept"} if write is services.record_check_in else {}
        with pytest.raises(services.StaleOccurrence, match="rescheduled a moment ago"):
            write(commitment=stale, occurrence_date=DAY, due_at=old, **extra)
    history = CheckIn.objects.get()
    assert (history.state, history.rescheduled_to) == ("rescheduled", new)
