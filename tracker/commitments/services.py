"""Writes that span several rows or models: check-ins, reschedules, pauses, people.

Every function is keyword-only and runs in one transaction, so a failure leaves nothing
half-written.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction

from tracker.models import (
    CheckIn,
    Commitment,
    CommitmentPause,
    Person,
)


def _occurrence_lookup(*, commitment: Commitment, occurrence_date: date, due_at) -> dict:
    """The fields naming one occurrence: a promise's due time, or a routine's day."""
    if commitment.is_promise:
        return {"commitment": commitment, "due_at": due_at}
    return {"commitment": commitment, "due_at": None, "occurrence_date": occurrence_date}


def record_check_in(
    *,
    commitment: Commitment,
    occurrence_date: date,
    state: str,
    note: str | None = None,
    due_at: datetime | None = None,
    shared_note: str | None = None,
) -> CheckIn:
    """Record (or change) what happened at one occurrence; returns the check-in.

    Replaying the same POST updates the same row. Two requests racing to create it both
    succeed: the loser of the unique constraint updates the winner's row instead.
    `note=None` (and `shared_note=None`) keeps any note already written.
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
    try:
        # update_or_create runs in its own transaction (and its insert in a savepoint
        # that get_or_create retries as a lookup): wrapping it again only adds queries.
        checkin, _ = CheckIn.objects.update_or_create(**lookup, defaults=values)
    except IntegrityError:
        with transaction.atomic():
            checkin = CheckIn.objects.select_for_update().get(**lookup)
            for name, value in values.items():
                setattr(checkin, name, value)
            checkin.save()
    return checkin


@transaction.atomic
def record_kept_days(*, commitment: Commitment, days: list[date]) -> int:
    """Record a routine as kept on each of `days` (Today's "Mark all as kept"); returns
    how many. The caller passes only due days nobody recorded yet."""
    for day in days:
        record_check_in(commitment=commitment, occurrence_date=day, state=CheckIn.State.KEPT)
    return len(days)


def undo_check_in(*, commitment: Commitment, occurrence_date: date, due_at=None) -> bool:
    """Forget what was recorded for one occurrence; returns whether anything was there."""
    lookup = _occurrence_lookup(
        commitment=commitment, occurrence_date=occurrence_date, due_at=due_at
    )
    with transaction.atomic():
        deleted, _ = CheckIn.objects.filter(**lookup).delete()
    return bool(deleted)


@transaction.atomic
def reschedule_promise(*, commitment: Commitment, new_due_at: datetime, note: str = "") -> CheckIn:
    """Move a promise to a new due time, keeping the old time in its history."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    old_due_at = commitment.due_at
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=commitment,
        due_at=old_due_at,
        defaults={
            "occurrence_date": old_due_at.astimezone(commitment.owner.zone).date(),
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
    """Move one day of a routine to another day (which becomes its own occurrence)."""
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=commitment,
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
