"""Small builders for the tracker's tests (plain functions, so any test file can use them)."""

from datetime import date, datetime, time, timedelta

from guidance.models import Practice, Status, SuggestedCommitment
from tracker.models import CheckIn, Commitment, Person


def make_person(owner, name: str = "Sam", **extra) -> Person:
    return Person.objects.create(owner=owner, name=name, **extra)


def make_promise(owner, *, due_at: datetime, title: str = "Be at the café", **extra):
    return Commitment.objects.create(
        owner=owner, kind=Commitment.Kind.PROMISE, title=title, due_at=due_at, **extra
    )


def make_routine(
    owner,
    *,
    start_date: date,
    schedule_type: str = "daily",
    title: str = "Tell Sam one thing I appreciate",
    **extra,
):
    return Commitment.objects.create(
        owner=owner,
        kind=Commitment.Kind.ROUTINE,
        title=title,
        schedule_type=schedule_type,
        start_date=start_date,
        **extra,
    )


def make_checkin(commitment, day: date, state: str = "kept", **extra) -> CheckIn:
    return CheckIn.objects.create(commitment=commitment, occurrence_date=day, state=state, **extra)


def make_daily_history(owner, *, today: date, days: int) -> Commitment:
    """A daily routine kept on each of the last `days` days, noted "Day N." (N days ago)."""
    routine = make_routine(owner, start_date=today - timedelta(days=days))
    CheckIn.objects.bulk_create(
        CheckIn(
            commitment=routine,
            occurrence_date=today - timedelta(days=back),
            state="kept",
            note=f"Day {back}.",
        )
        for back in range(1, days + 1)
    )
    return routine


def make_practice(title: str = "Keep small promises", *, published: bool = True, **extra):
    slug = extra.pop("slug", title.lower().replace(" ", "-"))
    return Practice.objects.create(
        title=title,
        slug=slug,
        summary=extra.pop("summary", "Small promises, kept reliably, rebuild trust."),
        status=Status.PUBLISHED if published else Status.DRAFT,
        **extra,
    )


def make_suggestion(practice, *, kind: str = "promise", title: str = "Meet for coffee", **extra):
    return SuggestedCommitment.objects.create(practice=practice, kind=kind, title=title, **extra)


def at(day: date, hour: int, minute: int = 0, zone=None) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hour, minute), zone or ZoneInfo("UTC"))
