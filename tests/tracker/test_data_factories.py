"""Small builders shared by the data area's tests (no tests of their own here)."""

from datetime import UTC, date, datetime, time, timedelta

from tracker.models import CheckIn, Commitment, CommitmentPause, DataSettings, Person


def promise(owner, *, title="Call Sam back", due_at=None, **extra) -> Commitment:
    due_at = due_at or datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    return Commitment.objects.create(
        owner=owner, kind="promise", title=title, due_at=due_at, **extra
    )


def routine(owner, *, title="Walk together", schedule_type="daily", start_date=None, **extra):
    return Commitment.objects.create(
        owner=owner,
        kind="routine",
        title=title,
        schedule_type=schedule_type,
        start_date=start_date or date(2025, 1, 6),
        **extra,
    )


def verified(user) -> DataSettings:
    """The user's settings with their login email verified."""
    row = DataSettings.objects.for_user(user)
    row.mark_verified(user.email)
    return row


def history(owner, *, commitments: int = 20, days: int = 365, start=date(2024, 1, 1)):
    """A realistic account: people, promises and routines with a year of check-ins."""
    sam = Person.objects.create(owner=owner, name="Sam", note="Likes mornings")
    made = []
    for n in range(commitments):
        if n % 2:
            made.append(
                routine(
                    owner,
                    title=f"Routine {n}",
                    start_date=start,
                    time_of_day=time(8, 0),
                    person=sam,
                    note="private",
                )
            )
        else:
            made.append(
                promise(
                    owner,
                    title=f"Promise {n}",
                    due_at=datetime(2030, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=n),
                    place="Cafe",
                )
            )
    CommitmentPause.objects.create(
        commitment=made[1], starts_on=start + timedelta(days=10), ends_on=start + timedelta(days=14)
    )
    states = ["kept", "late", "missed", "skipped"]
    CheckIn.objects.bulk_create(
        CheckIn(
            commitment=commitment,
            occurrence_date=start + timedelta(days=d),
            state=states[d % 4],
            note="how it went",
        )
        for commitment in made
        if commitment.kind == "routine"
        for d in range(days)
    )
    return made
