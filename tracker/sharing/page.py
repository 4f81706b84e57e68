"""What a shared page shows, prepared for its template (and the friend's calendar).

Only commitments made for that person and marked shared, and of them only: titles, when
they are due, what happened (as the helper recorded it) and the notes written *for* the
person. Private notes, other people, the journal, rates and streaks are never read here,
so no template can show them by mistake.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.commitments import schedule
from tracker.commitments.agenda import build_agenda
from tracker.commitments.models import WINDOW_CHECKIN_FIELDS, Commitment
from tracker.commitments.rows import STATE_LABELS, history_when, row_for
from tracker.repairs.models import Repair

UPCOMING_DAYS = 14
HISTORY_WEEKS = 8
# The shared page also reads each check-in's id (for its repair) and its note for them.
SHARED_CHECKIN_FIELDS = (*WINDOW_CHECKIN_FIELDS, "pk", "shared_note", "rescheduled_to")
# What the friend sees of each recorded state: the same words the helper sees.
SHOWN_STATES = (
    schedule.State.KEPT,
    schedule.State.LATE,
    schedule.State.RESCHEDULED,
    schedule.State.MISSED,
    schedule.State.SKIPPED,
)


@dataclass
class Upcoming:
    title: str
    when: str
    day: date
    at: object = None  # the aware due time, when there is one (for the calendar)
    place: str = ""
    week: str = ""
    commitment_id: int = 0


@dataclass
class Happened:
    title: str
    when: str
    state: str
    state_label: str
    note: str = ""
    repair_note: str = ""


@dataclass
class SharedPage:
    shown_name: str
    person_name: str
    person_id: int
    upcoming: list[Upcoming] = field(default_factory=list)
    history: list[Happened] = field(default_factory=list)
    history_from: date | None = None
    has_shared: bool = False


def shared_commitments(person, *, today: date) -> list[Commitment]:
    """The person's shared commitments, fetched with the check-ins of the shown window in
    three queries, however many there are. Archived ones are included: archiving ends
    what is coming up, never the honest record of the weeks before."""
    return (
        Commitment.objects.filter(owner_id=person.owner_id, person=person, shared=True)
        .order_by("pk")
        .with_window(
            today - timedelta(weeks=HISTORY_WEEKS),
            today + timedelta(days=UPCOMING_DAYS),
            fields=SHARED_CHECKIN_FIELDS,
        )
    )


def repair_notes(commitments, *, today: date) -> dict[int, str]:
    """The notes for them on repairs of the shown check-ins, by check-in id (one query)."""
    since = today - timedelta(weeks=HISTORY_WEEKS)
    ids = [row.pk for c in commitments for row in c.window_checkins if row.occurrence_date >= since]
    return dict(
        Repair.objects.filter(checkin_id__in=ids)
        .exclude(note_for_them="")
        .values_list("checkin_id", "note_for_them")
    )


def build_shared_page(share, *, commitments=None, notes=None, today=None) -> SharedPage:
    """The page for one share, as its person sees it (the helper's preview is the same).
    Fetches what it needs unless the caller already has it."""
    person = share.person
    owner = person.owner
    today = today or owner.local_today()
    if commitments is None:
        commitments = shared_commitments(person, today=today)
    if notes is None:
        notes = repair_notes(commitments, today=today)
    page = SharedPage(
        shown_name=share.shown_name or "Someone who cares about you",
        person_name=person.name,
        person_id=person.pk,
        has_shared=bool(commitments),
        history_from=today - timedelta(weeks=HISTORY_WEEKS),
    )
    page.upcoming = upcoming(commitments, owner=owner, today=today)
    page.history = history(commitments, notes, owner=owner, today=today, since=page.history_from)
    return page


def upcoming(commitments, *, owner, today: date) -> list[Upcoming]:
    """What is still to come, today (not yet recorded) and the next 14 days."""
    active = [c for c in commitments if c.is_active]
    agenda = build_agenda(
        active,
        today=today,
        zone=owner.zone,
        week_start=owner.week_start,
        lookback=0,
        ahead=UPCOMING_DAYS,
    )
    days = [(today, agenda.today), *agenda.upcoming]
    found = []
    for _day, occurrences in days:
        for occurrence in occurrences:
            if occurrence.checkin is not None:
                continue
            row = row_for(occurrence, user=owner, today=today, next_url="")
            c = occurrence.commitment
            found.append(
                Upcoming(
                    title=c.title,
                    when=row.when,
                    day=occurrence.day,
                    at=occurrence.due_at
                    or schedule.local_due_at(occurrence.day, c.time_of_day, owner.zone),
                    place=c.place,
                    week=row.week,
                    commitment_id=c.pk,
                )
            )
    return found


def history(commitments, notes, *, owner, today: date, since: date) -> list[Happened]:
    """What happened in the last eight weeks, newest first, as the helper recorded it.

    Days nothing was recorded for are left out: the page shows what the helper said
    happened, not guesses about it.
    """
    checkins = [
        (c, row)
        for c in commitments
        for row in c.window_checkins
        if since <= row.occurrence_date <= today and row.state in SHOWN_STATES
    ]
    checkins.sort(key=lambda pair: (pair[1].occurrence_date, pair[1].pk))
    return [
        Happened(
            title=c.title,
            when=history_when(row, owner.zone, today),
            state=row.state,
            state_label=STATE_LABELS[row.state],
            note=row.shared_note,
            repair_note=notes.get(row.pk, ""),
        )
        for c, row in reversed(checkins)
    ]
