"""The private iCalendar feed: a user's active commitments for their calendar app.

Promises are timed events at their due time, unless skipped. Fixed-day routines are
recurring events (RRULE) from their start date, at their time of day or all day; days
paused, skipped or moved away are left out (EXDATE) and days moved to are added (RDATE),
as `tracker.commitments.schedule` decides. "N times per week" routines have no fixed
days, so they appear as one all-day reminder on the first day of each week ("3 times
this week"). Every event has an alarm and a link back to its page; notes are never
included.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from guidance.models import ScheduleType
from tracker.cache import get_or_build
from tracker.commitments import schedule
from tracker.commitments.models import RESCHEDULE_REACH_DAYS
from tracker.emails import absolute_url
from tracker.models import CheckIn, Commitment, CommitmentPause

# icalendar is imported where a feed is built, not at start-up: it is several megabytes
# that every worker would hold for the few requests that are calendar polls (issue 16).
if TYPE_CHECKING:
    from icalendar import Alarm, Event, vRecur

EVENT_LENGTH = timedelta(minutes=30)
DEFAULT_ALARM_MINUTES = 30
# All-day events get their alarm at 9:00 on the day.
ALL_DAY_ALARM = timedelta(hours=9)
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Skips and moves older than this are left to history: the feed would otherwise grow
# with every one ever recorded, and calendars rarely look back that far.
FEED_HISTORY_DAYS = 28
PAUSE_FIELDS = ("pk", "commitment_id", "starts_on", "ends_on")
CALLED_OFF_FIELDS = ("commitment_id", "occurrence_date", "due_at", "state", "rescheduled_to_date")


def feed_commitments(user) -> list[Commitment]:
    """The commitments that belong in the feed: active ones, with what the feed shows:
    their reminder, their pauses (in `pause_list`) and the recent check-ins that skipped
    or moved an occurrence (in `called_off_checkins`), both as light named tuples, in
    three queries however many commitments there are."""
    commitments = list(
        Commitment.objects.for_user(user).active().select_related("reminder").order_by("pk")
    )
    pauses: dict[int, list] = {c.pk: [] for c in commitments}
    called_off: dict[int, list] = {c.pk: [] for c in commitments}
    if commitments:
        for pause in (
            CommitmentPause.objects.filter(commitment_id__in=pauses)
            .order_by("starts_on", "pk")
            .values_list(*PAUSE_FIELDS, named=True)
        ):
            pauses[pause.commitment_id].append(pause)
        since = user.local_today() - timedelta(days=FEED_HISTORY_DAYS)
        for row in (
            CheckIn.objects.filter(
                commitment_id__in=called_off,
                state__in=schedule.CALLED_OFF_STATES,
                # A day is moved at most RESCHEDULE_REACH_DAYS, so the index on the day
                # bounds the scan however long the history is.
                occurrence_date__gte=since - timedelta(days=RESCHEDULE_REACH_DAYS),
            )
            .filter(Q(occurrence_date__gte=since) | Q(rescheduled_to_date__gte=since))
            .order_by("pk")
            .values_list(*CALLED_OFF_FIELDS, named=True)
        ):
            called_off[row.commitment_id].append(row)
    for commitment in commitments:
        commitment.pause_list = pauses[commitment.pk]
        commitment.called_off_checkins = called_off[commitment.pk]
    return commitments


def calendar_bytes(user) -> bytes:
    """`build_calendar`, from the cache while nothing the feed shows has changed.

    Calendar apps poll the feed often, and building it (VTIMEZONE, recurrence rules,
    paused days, iCalendar folding) is nearly all of its cost. The key holds the user's
    data version (tracker.cache), so an edit, a pause, an archive or a new reminder time
    shows on the next request, and a feed from the cache reads no rows. DTSTAMP is then
    the time the feed last changed, which is what it means in a published calendar.
    """
    return get_or_build(
        "feed",
        user.pk,
        user.time_zone,
        user.week_start,
        settings.SITE_URL,
        build=lambda: build_calendar(user, list(feed_commitments(user))),
    )


def build_calendar(user, commitments) -> bytes:
    """The feed as iCalendar bytes, with the user's zone as VTIMEZONE."""
    from icalendar import Calendar

    zone = user.zone
    calendar = Calendar()
    calendar.add("prodid", "-//Steady//Commitments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Steady")
    calendar.add("x-wr-timezone", user.time_zone)
    stamp = datetime.now(tz=zone).replace(microsecond=0)
    for commitment in commitments:
        event = _event(commitment, user, zone)
        if event is not None:
            event.add("dtstamp", stamp)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _base_event(commitment, summary: str) -> Event:
    from icalendar import Event

    host = settings.SITE_URL.split("://", 1)[-1]
    url = absolute_url(reverse("tracker:commitment-detail", args=[commitment.pk]))
    event = Event()
    event.add("uid", f"commitment-{commitment.pk}@{host}")
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", f"Open in Steady: {url}")
    return event


def _alarm(summary: str, trigger: timedelta) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", trigger)
    return alarm


def _minutes_before(commitment) -> int:
    reminder = getattr(commitment, "reminder", None)
    if reminder is not None and reminder.enabled:
        return reminder.minutes_before
    return DEFAULT_ALARM_MINUTES


def _event(commitment, user, zone) -> Event | None:
    if commitment.is_promise:
        if commitment.due_at is None or _skipped_at_due_time(commitment):
            return None
        event = _base_event(commitment, commitment.title)
        start = commitment.due_at.astimezone(zone)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        if commitment.place:
            event.add("location", commitment.place)
        event.add_component(
            _alarm(commitment.title, -timedelta(minutes=_minutes_before(commitment)))
        )
        return event
    if commitment.start_date is None:
        return None
    if commitment.schedule_type == ScheduleType.PER_WEEK:
        return _weekly_event(commitment, user)
    event = _base_event(commitment, commitment.title)
    rule = _routine_rule(commitment)
    if rule is None:
        return None
    # The first event is the first due day: a calendar counts DTSTART as an occurrence
    # even when the rule would not, so a Monday routine started on a Wednesday would
    # otherwise show that Wednesday too.
    first = schedule.first_due_day(commitment)
    if first is None:
        return None
    timed = commitment.time_of_day is not None
    start = schedule.local_due_at(first, commitment.time_of_day, zone) if timed else first
    event.add("dtstart", start)
    if timed:
        event.add("dtend", start + EVENT_LENGTH)
        trigger = -timedelta(minutes=_minutes_before(commitment))
    else:
        event.add("dtend", first + timedelta(days=1))
        trigger = ALL_DAY_ALARM
    event.add("rrule", rule)
    left_out, added = schedule.recurrence_changes(
        commitment, commitment.called_off_checkins, commitment.pause_spans()
    )
    for name, days in (("exdate", left_out), ("rdate", added)):
        if days:
            event.add(
                name,
                [schedule.local_due_at(day, commitment.time_of_day, zone) for day in days]
                if timed
                else days,
            )
    event.add_component(_alarm(commitment.title, trigger))
    return event


def _routine_rule(commitment) -> vRecur | None:
    from icalendar import vRecur

    kind = commitment.schedule_type
    if kind == ScheduleType.DAILY:
        return vRecur(freq="DAILY")
    if kind == ScheduleType.EVERY_N_DAYS:
        return vRecur(freq="DAILY", interval=max(commitment.interval_days or 1, 1))
    if kind == ScheduleType.WEEKDAYS and commitment.weekday_list:
        return vRecur(freq="WEEKLY", byday=[BYDAY[day] for day in commitment.weekday_list])
    return None


def _skipped_at_due_time(commitment) -> bool:
    """A promise whose current due time was skipped asks nothing: no event for it."""
    return any(
        c.due_at == commitment.due_at and c.state == CheckIn.State.SKIPPED
        for c in commitment.called_off_checkins
    )


def _weekly_event(commitment, user) -> Event:
    from icalendar import vRecur

    times = commitment.times_per_week or 1
    label = "once" if times == 1 else "twice" if times == 2 else f"{times} times"
    event = _base_event(commitment, f"{commitment.title} ({label} this week)")
    first_week_day = schedule.week_start_of(commitment.start_date, user.week_start)
    if first_week_day < commitment.start_date:
        first_week_day += timedelta(days=7)
    event.add("dtstart", first_week_day)
    event.add("dtend", first_week_day + timedelta(days=1))
    event.add("rrule", vRecur(freq="WEEKLY", byday=[BYDAY[user.week_start]]))
    if first_week_day != commitment.start_date:
        # A routine started mid-week still asks for its share of that first week.
        event.add("rdate", [commitment.start_date])
    event.add_component(_alarm(event["summary"], ALL_DAY_ALARM))
    return event
