"""The private iCalendar feed: a user's active commitments for their calendar app.

Promises are timed events at their due time. Fixed-day routines are recurring events
(RRULE) from their start date, at their time of day or all day, with past paused days
left out (EXDATE). "N times per week" routines have no fixed days, so they appear as one
all-day reminder on the first day of each week ("3 times this week"). Every event has an
alarm and a link back to its page; notes are never included.
"""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from icalendar import Alarm, Calendar, Event, vRecur

from guidance.models import ScheduleType
from tracker.commitments import schedule
from tracker.models import Commitment

EVENT_LENGTH = timedelta(minutes=30)
DEFAULT_ALARM_MINUTES = 30
# All-day events get their alarm at 9:00 on the day.
ALL_DAY_ALARM = timedelta(hours=9)
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A built feed is kept this long at most; any change to what it shows changes the key first.
FEED_CACHE_SECONDS = 6 * 60 * 60


def feed_commitments(user):
    """The commitments that belong in the feed: active ones, with what the feed shows."""
    return (
        Commitment.objects.for_user(user)
        .active()
        .select_related("reminder")
        .prefetch_related("pauses")
        .order_by("pk")
    )


def calendar_bytes(user, commitments: list) -> bytes:
    """`build_calendar`, from the cache while nothing the feed shows has changed.

    Calendar apps poll the feed often, and building it (VTIMEZONE, recurrence rules,
    paused days, iCalendar folding) is nearly all of its cost. The key is a hash of
    everything the feed reads, taken from the rows already fetched, so an edit, a pause,
    an archive or a new reminder time shows on the next request. DTSTAMP is then the time
    the feed last changed, which is what it means in a published calendar.
    """
    key = f"feed:{user.pk}:{_fingerprint(user, commitments)}"
    return caches["local"].get_or_set(
        key, lambda: build_calendar(user, commitments), FEED_CACHE_SECONDS
    )


def _fingerprint(user, commitments: list) -> str:
    """A hash of every field the feed reads: the user's zone and week start, and each
    commitment's own fields, reminder and pauses."""

    def values(row) -> list:
        return [getattr(row, f.attname) for f in row._meta.concrete_fields] if row else []

    parts: list = [user.time_zone, user.week_start, settings.SITE_URL]
    for commitment in commitments:
        parts.append(
            (
                values(commitment),
                values(getattr(commitment, "reminder", None)),
                [values(pause) for pause in commitment.pauses.all()],
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def build_calendar(user, commitments) -> bytes:
    """The feed as iCalendar bytes, with the user's zone as VTIMEZONE."""
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
    host = settings.SITE_URL.split("://", 1)[-1]
    url = settings.SITE_URL + reverse("tracker:commitment-detail", args=[commitment.pk])
    event = Event()
    event.add("uid", f"commitment-{commitment.pk}@{host}")
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", f"Open in Steady: {url}")
    return event


def _alarm(summary: str, trigger: timedelta) -> Alarm:
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
        if commitment.due_at is None:
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
    first = commitment.start_date
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
    skipped = _paused_days(commitment)
    if skipped:
        event.add(
            "exdate",
            [schedule.local_due_at(day, commitment.time_of_day, zone) for day in skipped]
            if timed
            else skipped,
        )
    event.add_component(_alarm(commitment.title, trigger))
    return event


def _routine_rule(commitment) -> vRecur | None:
    kind = commitment.schedule_type
    if kind == ScheduleType.DAILY:
        return vRecur(freq="DAILY")
    if kind == ScheduleType.EVERY_N_DAYS:
        return vRecur(freq="DAILY", interval=max(commitment.interval_days or 1, 1))
    if kind == ScheduleType.WEEKDAYS and commitment.weekday_list:
        return vRecur(freq="WEEKLY", byday=[BYDAY[day] for day in commitment.weekday_list])
    return None


def _paused_days(commitment) -> list[date]:
    """Due days inside finished pause spans, left out of the recurrence."""
    days: list[date] = []
    for pause in commitment.pauses.all():
        if pause.ends_on is None:
            continue
        last = pause.ends_on - timedelta(days=1)
        days += [
            day
            for day in schedule.daterange(pause.starts_on, last)
            if schedule.routine_is_due_on(commitment, day)
        ]
    return sorted(set(days))


def _weekly_event(commitment, user) -> Event:
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
