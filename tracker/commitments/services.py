"""Writes that span several rows or models: check-ins, reschedules, pauses, people.

Every function is keyword-only and runs in one transaction (or writes one row in one
statement), so a failure leaves nothing half-written.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.models import (
    CheckIn,
    Commitment,
    CommitmentPause,
    Person,
)


class StaleOccurrence(Exception):
    """The occurrence a request names is no longer the current one (another request moved
    it first); the message is shown to the user as it is."""


def _lock_promise_due_at(commitment: Commitment, due_at: datetime | None) -> None:
    """Inside a transaction: lock the promise and make sure `due_at` is still its due
    time, else raise StaleOccurrence (it was rescheduled since the request read it)."""
    current = Commitment.objects.select_for_update().values_list("due_at", flat=True)
    if current.get(pk=commitment.pk) != due_at:
        raise StaleOccurrence(
            "This promise was rescheduled a moment ago, so nothing was recorded: "
            "here is its new time."
        )


def _occurrence_lookup(*, commitment: Commitment, occurrence_date: date, due_at) -> dict:
    """The fields naming one occurrence: a promise's due time, or a routine's day."""
    if commitment.is_promise:
        return {"commitment": commitment, "due_at": due_at}
    return {"commitment": commitment, "due_at": None, "occurrence_date": occurrence_date}


# `record_check_in`'s default for `current`: the caller has not read the occurrence's
# check-in, so it is looked up first.
UNREAD = object()


def record_check_in(
    *,
    commitment: Commitment,
    occurrence_date: date,
    state: str,
    note: str | None = None,
    due_at: datetime | None = None,
    shared_note: str | None = None,
    current=UNREAD,
) -> CheckIn:
    """Record (or change) what happened at one occurrence; returns the check-in.

    `current` is the check-in the caller has just read for this routine day (None when
    nothing was recorded), which spares reading it again: the write is then one UPDATE or
    one INSERT, each atomic by itself. Replaying the same POST updates the same row. Two
    requests racing to create it both succeed: the loser of the unique constraint updates
    the winner's row instead. `note=None` (and `shared_note=None`) keeps any note already
    written.
    """
    lookup = _occurrence_lookup(
        commitment=commitment, occurrence_date=occurrence_date, due_at=due_at
    )
    values: dict = {
        "state": state,
        "occurrence_date": occurrence_date,
        "rescheduled_to": None,
        "rescheduled_to_date": None,
    }
    if note is not None:
        values["note"] = note
    if shared_note is not None:
        values["shared_note"] = shared_note
    if commitment.is_promise:
        # Keyed by the due time: a reschedule in between must not have its history row
        # overwritten. The lock also queues two check-ins of one promise.
        with transaction.atomic():
            _lock_promise_due_at(commitment, due_at)
            checkin, _ = CheckIn.objects.update_or_create(**lookup, defaults=values)
        return checkin
    if current is UNREAD:
        current = CheckIn.objects.filter(**lookup).first()
    if current is not None:
        # The same row the save in `update_or_create` would write (its other fields
        # unchanged), by its id: none when an undo deleted it meanwhile.
        values["updated_at"] = timezone.now()
        if CheckIn.objects.filter(pk=current.pk).update(**values):
            for name, value in values.items():
                setattr(current, name, value)
            return current
        del values["updated_at"]
    try:
        return _insert_check_in({**lookup, **values})
    except IntegrityError:
        with transaction.atomic():
            checkin = CheckIn.objects.select_for_update().get(**lookup)
            for name, value in values.items():
                setattr(checkin, name, value)
            checkin.save()
    return checkin


def _insert_check_in(fields: dict) -> CheckIn:
    """One INSERT, atomic by itself. Inside a caller's transaction it takes a savepoint,
    so that losing the race for the row (IntegrityError) leaves that transaction usable."""
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return CheckIn.objects.create(**fields)
    return CheckIn.objects.create(**fields)


@transaction.atomic
def record_kept_days(*, commitment: Commitment, days: list[date]) -> int:
    """Record a routine as kept on each of `days` (Today's "Mark all as kept"); returns
    how many. The caller passes only due days nobody recorded yet."""
    for day in days:
        # Unrecorded when the strip was read; a request recording one meanwhile makes the
        # insert lose the race, and its row is updated instead.
        record_check_in(
            commitment=commitment, occurrence_date=day, state=CheckIn.State.KEPT, current=None
        )
    return len(days)


def undo_check_in(*, commitment: Commitment, occurrence_date: date, due_at=None) -> bool:
    """Forget what was recorded for one occurrence; returns whether anything was there."""
    lookup = _occurrence_lookup(
        commitment=commitment, occurrence_date=occurrence_date, due_at=due_at
    )
    with transaction.atomic():
        if commitment.is_promise:
            _lock_promise_due_at(commitment, due_at)
        deleted, _ = CheckIn.objects.filter(**lookup).delete()
    return bool(deleted)


def _spoken(moment: datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%B} at {local:%H:%M}"


@transaction.atomic
def reschedule_promise(
    *, commitment: Commitment, from_due_at: datetime, new_due_at: datetime, note: str = ""
) -> CheckIn:
    """Move a promise from `from_due_at` to a new due time, keeping the old time in its
    history.

    The promise row is locked and re-read first: when another request moved it since
    this one read it (two taps, two tabs), StaleOccurrence says so and nothing changes.
    """
    commitment = (
        Commitment.objects.select_for_update().select_related("owner").get(pk=commitment.pk)
    )
    zone = commitment.owner.zone
    if commitment.due_at != from_due_at:
        raise StaleOccurrence(
            "This promise was already rescheduled, to "
            f"{_spoken(commitment.due_at, zone)}. Nothing else was changed."
        )
    if CheckIn.objects.filter(commitment=commitment, due_at=new_due_at).exists():
        raise StaleOccurrence("This promise already had that due time: choose another.")
    old_due_at = commitment.due_at
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=commitment,
        due_at=old_due_at,
        defaults={
            "occurrence_date": old_due_at.astimezone(zone).date(),
            "state": CheckIn.State.RESCHEDULED,
            "rescheduled_to": new_due_at,
            "rescheduled_to_date": None,
            "note": note,
        },
    )
    commitment.due_at = new_due_at
    commitment.save(update_fields=["due_at", "updated_at"])
    return checkin


@transaction.atomic
def reschedule_routine_day(
    *, commitment: Commitment, occurrence_date: date, new_date: date, note: str = ""
) -> CheckIn:
    """Move one day of a routine to another day (which becomes its own occurrence).

    Under the commitment's row lock, the new day is checked again: a duplicate of a
    request that already moved this day, or a day something else moved to meanwhile,
    raises StaleOccurrence and changes nothing.
    """
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    moved = CheckIn.objects.filter(
        commitment=locked,
        due_at=None,
        occurrence_date=occurrence_date,
        state=CheckIn.State.RESCHEDULED,
        rescheduled_to_date=new_date,
    )
    if moved.exists():
        raise StaleOccurrence(f"That day was already rescheduled, to {new_date.day} {new_date:%B}.")
    taken = CheckIn.objects.filter(
        commitment=locked, state=CheckIn.State.RESCHEDULED, rescheduled_to_date=new_date
    ).exclude(occurrence_date=occurrence_date)
    if taken.exists():
        raise StaleOccurrence("Another day was just moved to that day: choose another.")
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=locked,
        due_at=None,
        occurrence_date=occurrence_date,
        defaults={
            "state": CheckIn.State.RESCHEDULED,
            "rescheduled_to": None,
            "rescheduled_to_date": new_date,
            "note": note,
        },
    )
    return checkin


@transaction.atomic
def set_status(*, commitment: Commitment, status: str, today: date) -> None:
    """Pause, archive or resume from today: the one place a commitment's status changes.

    Paused and archived both hold an open pause from today, so none of their days are due
    (or ever count as missed). Resuming, from either, closes that pause; a pause that
    started today covered nothing and is dropped.
    """
    open_spans = commitment.pauses.filter(ends_on__isnull=True)
    if status == Commitment.Status.ACTIVE:
        for span in open_spans:
            if span.starts_on >= today:
                span.delete()
            else:
                span.ends_on = today
                span.save(update_fields=["ends_on"])
    elif not open_spans.exists():
        CommitmentPause.objects.create(commitment=commitment, starts_on=today)
    commitment.status = status
    commitment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def delete_person(*, person: Person, delete_commitments: bool) -> int:
    """Delete a person; their commitments stay, unassigned, unless asked to go too.

    Returns how many commitments were deleted.
    """
    deleted = 0
    if delete_commitments:
        _, per_model = Commitment.objects.filter(person=person).delete()
        deleted = per_model.get(Commitment._meta.label, 0)
    else:
        Commitment.objects.filter(person=person).update(person=None)
    person.delete()
    return deleted
