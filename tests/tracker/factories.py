"""Small builders for the tracker's tests: plain functions, so any test file can use them.

Commitments and check-ins (`make_*`), the data area's seeded histories (`promise`,
`routine`, `history`, `verified`) and journal rows (`note`, `reflection`, `boundary`, …).
"""

from datetime import UTC, date, datetime, time, timedelta

from guidance.models import Practice, Status, SuggestedCommitment
from tracker.journal.models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)
from tracker.models import CheckIn, Commitment, CommitmentPause, DataSettings, Person


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


DAY = date(2026, 3, 10)


def note(owner, text="They were let down by a teacher.", date=DAY, **extra):
    return ListeningNote.objects.create(owner=owner, text=text, date=date, **extra)


def reflection(owner, what_happened="They checked my phone.", date=DAY, **extra):
    return Reflection.objects.create(owner=owner, what_happened=what_happened, date=date, **extra)


def boundary(owner, statement="I keep my passcode to myself.", **extra):
    return Boundary.objects.create(owner=owner, statement=statement, **extra)


def boundary_test(owner, boundary_=None, response="held", date=DAY, **extra):
    boundary_ = boundary_ or boundary(owner)
    return BoundaryTest.objects.create(
        owner=owner, boundary=boundary_, response=response, date=date, **extra
    )


def member(owner, name="Dr Ada", kind="me", support_type="professional", **extra):
    return SupportCircleMember.objects.create(
        owner=owner, name=name, kind=kind, support_type=support_type, **extra
    )


def practice(slug, title=None, summary=""):
    """A published practice with this slug; the seeded guide may already hold it."""
    return Practice.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title or slug.replace("-", " ").capitalize(),
            "summary": summary,
            "status": Status.PUBLISHED,
            "publish_at": None,
        },
    )[0]


# --- Sharing and repairs ----------------------------------------------------------------


def make_share(person, *, shown_name: str = "Olive", **extra):
    """A live shared link for `person` (its token in `.token`)."""
    from tracker.models import PersonShare

    share = PersonShare(person=person, shown_name=shown_name, **extra)
    share.new_link()
    share.save()
    return share


def make_repair(checkin, *, acknowledgement: str = "I didn't call as I said.", **extra):
    from tracker.models import Repair

    return Repair.objects.create(checkin=checkin, acknowledgement=acknowledgement, **extra)
