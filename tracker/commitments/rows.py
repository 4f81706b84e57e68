"""Presenters: occurrences and check-ins turned into rows, labels and calendar cells
ready to display. Templates format these; they decide nothing."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.http import urlencode

from tracker.commitments import schedule
from tracker.commitments.models import CheckIn, Commitment

REPAIR_LINE = (
    "Missing one is information, not failure. Own it simply, without excuses; "
    "don't over-promise to make up for it; and if you can, offer a new time with notice."
)

STATE_LABELS = {
    **dict(CheckIn.State.choices),
    schedule.DUE: "Due",
    # A day nobody recorded is only that: never painted or counted as missed.
    schedule.UNRECORDED: "Not recorded",
    schedule.UPCOMING: "Coming up",
}
# The answers behind a row's "More" menu (Kept has its own big button).
MORE_STATES = [
    (CheckIn.State.LATE, "Late"),
    (CheckIn.State.MISSED, "Missed"),
    (CheckIn.State.SKIPPED, "Skip"),
]
# The short word a recorded row leads its feedback with ("Kept · 5 in a row").
DONE_WORDS = {
    CheckIn.State.KEPT: "Kept",
    CheckIn.State.LATE: "Kept, a bit late",
    CheckIn.State.MISSED: "Missed",
    CheckIn.State.SKIPPED: "Skipped",
    CheckIn.State.RESCHEDULED: "Rescheduled",
}


def day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return f"{day:%A} {day.day} {day:%B}"


class CommitmentLinks:
    """The links every presenter of a commitment's occurrences offers (a Today row, a strip
    of earlier days), reversed once per commitment by `urls_of`."""

    commitment: Commitment

    @property
    def check_in_url(self) -> str:
        return urls_of(self.commitment).check_in

    @property
    def undo_url(self) -> str:
        return urls_of(self.commitment).undo

    @property
    def detail_url(self) -> str:
        return urls_of(self.commitment).detail


@dataclass
class Row(CommitmentLinks):
    """One occurrence as a row on Today or the commitment page, ready to display."""

    occurrence: schedule.Occurrence
    status: str
    status_label: str
    when: str
    meta: str
    repair: str
    can_record: bool
    next_url: str
    focus: bool = False
    # One encouraging fact after a tap ("5 in a row"), from `tracker.commitments.feedback`.
    feedback: str = ""
    # The meta line without its day, for a list that already heads each day (Next 7 days).
    day_meta: str = ""

    @property
    def commitment(self) -> Commitment:
        return self.occurrence.commitment

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def ref(self) -> str:
        """A short id the row's buttons name themselves from (`aria-labelledby` with the
        title's id, rather than the title again in every button). A page shows at most one
        row of a commitment: Today's due or old-promise row, or the commitment's own."""
        return str(self.commitment.pk)

    @property
    def week(self) -> str:
        return week_text(self.occurrence)

    @property
    def recorded(self) -> bool:
        return self.occurrence.checkin is not None

    @property
    def note(self) -> str:
        return self.occurrence.checkin.note if self.recorded else ""

    @property
    def due_at_value(self) -> str:
        return self.occurrence.due_at.isoformat() if self.occurrence.due_at else ""

    @property
    def done_word(self) -> str:
        return DONE_WORDS.get(self.status, self.status_label)

    @property
    def can_reschedule(self) -> bool:
        return not self.commitment.is_per_week

    @property
    def more_url(self) -> str:
        """The page with every answer, a note and rescheduling; it comes back to `next_url`."""
        query = urlencode({"date": self.occurrence.day.isoformat(), "next": self.next_url})
        return f"{self.check_in_url}?{query}"

    @cached_property
    def hidden_fields(self) -> str:
        """The occurrence's hidden inputs, built once for the row's several forms
        (a template partial per form cost more than the rest of the row). A routine's
        day has no due time, so it sends none (the form reads a missing one as empty)."""
        due_at = self.due_at_value
        return format_html(
            '<input type="hidden" name="occurrence_date" value="{}">{}'
            '<input type="hidden" name="next" value="{}">',
            self.occurrence.day.isoformat(),
            format_html('<input type="hidden" name="due_at" value="{}">', due_at) if due_at else "",
            self.next_url,
        )

    more_states = MORE_STATES


@dataclass(frozen=True)
class CommitmentUrls:
    detail: str
    check_in: str
    undo: str


def urls_of(commitment: Commitment) -> CommitmentUrls:
    """A commitment's URLs, reversed once per request: Today shows several rows of each
    commitment, each with several forms and links."""
    urls = getattr(commitment, "_urls", None)
    if urls is None:
        urls = commitment._urls = CommitmentUrls(
            detail=commitment.get_absolute_url(),
            check_in=reverse("tracker:check-in", args=[commitment.pk]),
            undo=reverse("tracker:check-in-undo", args=[commitment.pk]),
        )
    return urls


def week_text(occurrence) -> str:
    """How a "times per week" routine's week is going ("2 of 3 this week"), else ""."""
    if not occurrence.week_required:
        return ""
    return f"{occurrence.week_done} of {occurrence.week_required} this week"


def _meta(occurrence, *, day: date, at, today: date) -> str:
    """The row's one compact line: when (no "Today" on a day that is today), where, for whom,
    and how the week is going."""
    c = occurrence.commitment
    parts = [] if day == today else [day_label(day, today)]
    if at is not None:
        parts = [" at ".join([*parts, f"{at:%H:%M}"])]
    if occurrence.moved_here:
        parts.append("moved to this day")
    if c.place:
        parts.append(c.place)
    if c.person:
        parts.append(f"for {c.person.name}")
    if occurrence.week_required:
        parts.append(week_text(occurrence))
    return " · ".join(parts)


def row_for(
    occurrence,
    *,
    user,
    today: date,
    next_url: str,
    focus: bool = False,
    feedback: str = "",
) -> Row:
    """The row for an occurrence; `next_url` is where its forms come back to (the row's own
    anchor is added, so without JavaScript the person lands on the row again)."""
    c = occurrence.commitment
    status = occurrence.status(today)
    if occurrence.due_at is not None:
        local = occurrence.due_at.astimezone(user.zone)
        day, at = local.date(), local.time()
        when = f"{day_label(day, today)} at {local:%H:%M}"
        if c.place:
            when += f", {c.place}"
    else:
        day, at = occurrence.day, c.time_of_day
        when = day_label(occurrence.day, today)
        if c.time_of_day:
            when += f" at {c.time_of_day:%H:%M}"
        if occurrence.moved_here:
            when += " (moved to this day)"
    repair = ""
    if status == CheckIn.State.MISSED:
        practice = c.practice
        repair = (practice.summary if practice and practice.summary else "") or REPAIR_LINE
    return Row(
        occurrence=occurrence,
        status=status,
        status_label=STATE_LABELS.get(status, status),
        when=when,
        meta=_meta(occurrence, day=day, at=at, today=today),
        repair=repair,
        can_record=occurrence.day <= today,
        next_url=f"{next_url.split('#')[0]}#{occurrence.key}",
        focus=focus,
        feedback=feedback,
        day_meta=_meta(occurrence, day=day, at=at, today=day),
    )


def repair_line(commitment: Commitment) -> str:
    return (commitment.practice.summary if commitment.practice else "") or REPAIR_LINE


def history_when(checkin: CheckIn, zone, today: date) -> str:
    if checkin.due_at is not None:
        local = checkin.due_at.astimezone(zone)
        text = f"{day_label(local.date(), today)} at {local:%H:%M}"
    else:
        text = day_label(checkin.occurrence_date, today)
    if checkin.rescheduled_to is not None:
        moved = checkin.rescheduled_to.astimezone(zone)
        text += f", moved to {day_label(moved.date(), today)} at {moved:%H:%M}"
    elif checkin.rescheduled_to_date is not None:
        text += f", moved to {day_label(checkin.rescheduled_to_date, today)}"
    return text


def calendar_cell(day: date, occurrence, today: date, check_in_url: str) -> dict:
    """One day of the commitment page's calendar. `check_in_url` is the commitment's
    check-in page, reversed once for the whole calendar rather than once a day."""
    status = occurrence.status(today) if occurrence else ""
    link = ""
    if occurrence is not None and day <= today:
        link = f"{check_in_url}?date={day.isoformat()}"
    return {
        "day": day,
        "label": f"{day:%A} {day.day} {day:%B}",
        "status": status,
        "status_label": STATE_LABELS.get(status, "") if status else "",
        "link": link,
        "is_today": day == today,
        "is_future": day > today,
    }


def when_text(commitment: Commitment, zone) -> str:
    """The commitment page's "When": a promise's local due time (and how late still counts
    as on time), or a routine's schedule and first day."""
    if commitment.is_promise:
        text = dateformat.format(commitment.due_at.astimezone(zone), "l j F Y, H:i")
        if commitment.tolerance_minutes:
            text += f" (on time up to {commitment.tolerance_minutes} minutes late)"
        return text
    return (
        f"{commitment.schedule_summary}, from {dateformat.format(commitment.start_date, 'j F Y')}"
    )


def current_heading(commitment: Commitment) -> str:
    """The heading over the commitment page's current occurrence."""
    return "This promise" if commitment.is_promise else "Today"


@dataclass(frozen=True)
class NewFormWording:
    """What the new-commitment form says for a kind, and the way to the other kind."""

    heading: str
    switch_question: str
    switch_kind: str
    switch_label: str


NEW_FORM_WORDING = {
    Commitment.Kind.PROMISE: NewFormWording(
        "New promise", "Want it to repeat?", Commitment.Kind.ROUTINE, "Make a routine instead"
    ),
    Commitment.Kind.ROUTINE: NewFormWording(
        "New routine", "Just once?", Commitment.Kind.PROMISE, "Make a one-off promise instead"
    ),
}
