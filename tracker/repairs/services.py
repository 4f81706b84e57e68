"""Saving a repair, and the promise it offers, in one transaction."""

from datetime import datetime

from django.db import transaction
from django.utils import dateformat

from tracker.commitments.models import CheckIn, Commitment
from tracker.repairs.models import Repair


@transaction.atomic
def save_repair(
    *,
    checkin: CheckIn,
    acknowledgement: str,
    note_for_them: str = "",
    next_step: str | None = None,
    promise_title: str = "",
    promise_due_at: datetime | None = None,
) -> Repair:
    """Create or change the repair after `checkin`; returns it.

    The first time a new time or a smaller promise is chosen, that promise is created,
    for the same person and practice, shared if the original is. `next_step=None` (a
    repair whose promise already exists) leaves that part as it is.
    """
    repair = Repair.objects.select_for_update().filter(checkin=checkin).first()
    if repair is None:
        repair = Repair(checkin=checkin)
    repair.acknowledgement = acknowledgement
    repair.note_for_them = note_for_them
    if next_step is not None and repair.follow_up_id is None:
        repair.next_step = next_step
        if next_step in (Repair.Next.NEW_TIME, Repair.Next.SMALLER):
            repair.follow_up = _offered_promise(
                checkin, next_step=next_step, title=promise_title, due_at=promise_due_at
            )
    repair.save()
    return repair


def _offered_promise(checkin: CheckIn, *, next_step: str, title: str, due_at) -> Commitment:
    original = checkin.commitment
    same = next_step == Repair.Next.NEW_TIME
    day = dateformat.format(checkin.occurrence_date, "j F")
    return Commitment.objects.create(
        owner_id=original.owner_id,
        kind=Commitment.Kind.PROMISE,
        title=original.title if same else title.strip(),
        due_at=due_at,
        person_id=original.person_id,
        practice_id=original.practice_id,
        place=original.place if same else "",
        tolerance_minutes=original.tolerance_minutes if same else 0,
        shared=original.shared,
        note=f"Offered as a repair after “{original.title}” on {day}.",
    )
