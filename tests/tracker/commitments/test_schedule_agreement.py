"""Today, the morning summary, the progress figures and the calendar feed agree on what
falls on each of the next 30 days, for randomly generated schedules.

Each example builds promises and routines of every kind (daily, chosen weekdays, N times
a week, every N days) with past pauses, recorded check-ins, planned skips and days moved
with notice, as the app's own forms allow them. Then, for each day D of the next 30:

- Today as it will look on D (`build_agenda`), less what was called off (skipped or
  moved away), lists exactly what the summary for D lists (`reminders.digest_items`);
- for promises and fixed-day routines, that is also what Today's "coming up" lists show
  for D now, what the progress figures hold for D once D comes, and what the feed holds
  on D, its recurrence rules expanded by `recurring_ical_events`;
- a times-per-week routine has no fixed days: Today, the figures and the feed agree on
  the weeks it asks for something.

Hypothesis runs derandomized (the same examples every run) with a bounded count, so
this takes a few seconds and never flakes.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tracker.commitments import schedule
from tracker.commitments.agenda import build_agenda
from tracker.data import feed, reminders
from tracker.models import CheckIn, Commitment, CommitmentPause
from tracker.progress import figures, queries

TODAY = date(2030, 6, 12)
DAYS = [TODAY + timedelta(days=n) for n in range(30)]
LAST = DAYS[-1]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland"]
PAST_STATES = ["kept", "late", "missed", "skipped"]

# --- Generating schedules -----------------------------------------------------------------


@st.composite
def promises(draw):
    return {
        "kind": "promise",
        "offset": draw(st.integers(-3, 35)),
        "at": time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
        "moved_from": draw(st.none() | st.integers(1, 10)),  # rescheduled from N days earlier
        "recorded": draw(st.none() | st.sampled_from(PAST_STATES)),
    }


@st.composite
def routines(draw):
    schedule_type = draw(st.sampled_from(["daily", "weekdays", "per_week", "every_n_days"]))
    return {
        "kind": "routine",
        "schedule_type": schedule_type,
        "weekdays": draw(st.integers(1, 127)),
        "times_per_week": draw(st.integers(1, 7)),
        "interval_days": draw(st.integers(2, 9)),
        "start": draw(st.integers(-60, 35)),
        "at": draw(st.none() | st.builds(time, st.integers(0, 23), st.sampled_from([0, 45]))),
        "pauses": draw(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 10)), max_size=2)),
        "records": draw(st.lists(st.tuples(st.integers(1, 40), st.sampled_from(PAST_STATES)))),
        "today": draw(st.sampled_from([None, *PAST_STATES])),  # what was recorded today
        "moves": draw(st.lists(st.tuples(st.integers(-5, 29), st.integers(1, 12)), max_size=4)),
    }


def routine_spec(**fields) -> dict:
    """A routine as `routines` draws it, for the examples always run."""
    spec = {
        "kind": "routine",
        "schedule_type": "daily",
        "weekdays": 1,
        "times_per_week": 3,
        "interval_days": 3,
        "start": -30,
        "at": time(8, 0),
        "pauses": [],
        "records": [],
        "today": None,
        "moves": [],
    }
    return spec | fields


def promise_spec(**fields) -> dict:
    spec = {"kind": "promise", "offset": 0, "at": time(18, 0), "moved_from": None}
    return spec | {"recorded": None} | fields


def create_promise(owner, title: str, spec: dict, zone: ZoneInfo) -> None:
    due_at = datetime.combine(TODAY + timedelta(days=spec["offset"]), spec["at"], zone)
    made = Commitment.objects.create(owner=owner, kind="promise", title=title, due_at=due_at)
    if spec["moved_from"]:
        old = due_at - timedelta(days=spec["moved_from"])
        CheckIn.objects.create(
            commitment=made,
            due_at=old,
            occurrence_date=schedule.local_date(old, zone),
            state="rescheduled",
            rescheduled_to=due_at,
        )
    day = schedule.local_date(due_at, zone)
    if spec["recorded"] and day <= TODAY:  # nothing is recorded for a day still to come
        CheckIn.objects.create(
            commitment=made, due_at=due_at, occurrence_date=day, state=spec["recorded"]
        )


def create_routine(owner, title: str, spec: dict) -> None:
    start = TODAY + timedelta(days=spec["start"])
    made = Commitment.objects.create(
        owner=owner,
        kind="routine",
        title=title,
        schedule_type=spec["schedule_type"],
        weekdays=spec["weekdays"],
        times_per_week=spec["times_per_week"],
        interval_days=spec["interval_days"],
        time_of_day=spec["at"],
        start_date=start,
    )
    # Past pauses, resumed by today at the latest (an active commitment has no open one).
    spans = []
    for back, length in spec["pauses"]:
        starts = TODAY - timedelta(days=back)
        ends = min(starts + timedelta(days=length), TODAY)
        if starts >= start and not any(s <= ends and starts <= e for s, e in spans):
            spans.append((starts, ends))
            CommitmentPause.objects.create(commitment=made, starts_on=starts, ends_on=ends)
    pauses = [schedule.Span(s, e) for s, e in spans]

    def open_day(day: date) -> bool:
        if day < start or schedule.is_paused(day, pauses):
            return False
        return made.is_per_week or schedule.routine_is_due_on(made, day)

    recorded: dict[date, str] = {}
    records = [*spec["records"], (0, spec["today"])] if spec["today"] else spec["records"]
    for back, state in records:  # check-ins on days that asked, up to today
        day = TODAY - timedelta(days=back)
        if open_day(day):
            recorded[day] = state
    moved_to: set[date] = set()
    if not made.is_per_week:  # Today offers no reschedule for a times-per-week routine
        for ahead, by in spec["moves"]:
            day, new_day = TODAY + timedelta(days=ahead), TODAY + timedelta(days=ahead + by)
            if (
                open_day(day)
                and day not in recorded
                and not open_day(new_day)
                and new_day >= start
                and new_day not in moved_to
            ):
                recorded[day] = "rescheduled"
                moved_to.add(new_day)
                CheckIn.objects.create(
                    commitment=made,
                    occurrence_date=day,
                    state="rescheduled",
                    rescheduled_to_date=new_day,
                )
    for day, state in recorded.items():
        if state != "rescheduled":
            CheckIn.objects.create(commitment=made, occurrence_date=day, state=state)
    if TODAY in moved_to and TODAY not in recorded:
        # A day moved to may itself be recorded, today's included.
        CheckIn.objects.create(commitment=made, occurrence_date=TODAY, state="skipped")


# --- What each surface says ---------------------------------------------------------------


def standing(occurrences) -> set[int]:
    return {o.commitment_id for o in occurrences if not o.called_off}


def feed_days(owner, zone: ZoneInfo) -> dict[date, set[int]]:
    """Each day's events in the feed, recurrence expanded, by commitment id."""
    commitments = list(feed.feed_commitments(owner))
    calendar = Calendar.from_ical(feed.build_calendar(owner, commitments))
    first = schedule.week_start_of(TODAY, owner.week_start)
    window = (
        datetime.combine(first, time.min, zone),
        datetime.combine(LAST + timedelta(days=1), time.min, zone),
    )
    days: dict[date, set[int]] = {}
    for event in recurring_ical_events.of(calendar).between(*window):
        start = event.decoded("dtstart")
        day = start.astimezone(zone).date() if isinstance(start, datetime) else start
        pk = int(str(event["uid"]).split("@")[0].removeprefix("commitment-"))
        days.setdefault(day, set()).add(pk)
    return days


def check_agreement(owner) -> None:
    zone, week_start = owner.zone, owner.week_start
    commitments = (
        Commitment.objects.for_user(owner)
        .active()
        .with_window(TODAY - timedelta(days=14), LAST + timedelta(days=7))
    )
    by_title = {c.title: c for c in commitments}
    weekly = {c.pk for c in commitments if c.is_per_week}
    rows = queries.progress_rows(owner, commitments, filtered=False)
    spans = figures.spans_by_commitment(rows.pauses)
    checkins = figures.checkins_by_commitment(rows.checkins)
    in_feed = feed_days(owner, zone)
    coming_up = dict(
        build_agenda(commitments, today=TODAY, zone=zone, week_start=week_start, ahead=29).upcoming
    )
    weeks: dict[str, set] = {"today": set(), "feed": set(), "figures": set()}

    for day in DAYS:
        on_the_day = build_agenda(commitments, today=day, zone=zone, week_start=week_start)
        today = standing(on_the_day.today)
        digest = {by_title[item["title"]].pk for item in reminders.digest_items(owner, day)}
        assert digest == today, f"summary and Today disagree on {day}"

        figured = set()
        for c in commitments:
            figure = figures.commitment_figures(
                c,
                checkins.get(c.pk, []),
                spans.get(c.pk, []),
                today=day,
                zone=zone,
                week_start=week_start,
            )
            figured |= standing(o for o in figure.occurrences if o.day == day)
        fixed = today - weekly
        assert figured - weekly == fixed, f"figures and Today disagree on {day}"
        assert in_feed.get(day, set()) - weekly == fixed, f"feed and Today disagree on {day}"
        if day > TODAY:
            assert standing(coming_up[day]) == fixed, f"Today's coming-up list differs on {day}"
        week = schedule.week_start_of(day, week_start)
        weeks["today"] |= {(o.commitment_id, week) for o in on_the_day.today} & {
            (pk, week) for pk in weekly
        }

    for day, pks in in_feed.items():
        weeks["feed"] |= {(pk, schedule.week_start_of(day, week_start)) for pk in pks & weekly}
    for c in commitments:
        if c.pk in weekly:
            _, results = figures.weekly_routine_occurrences(
                c, checkins.get(c.pk, []), spans.get(c.pk, []), LAST, week_start
            )
            weeks["figures"] |= {(c.pk, w.starts_on) for w in results if w.ends_on >= TODAY}
    assert weeks["today"] == weeks["feed"] == weeks["figures"]


@pytest.mark.django_db
@settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The disagreements found so far, always run (TODAY is a Wednesday).
@example(  # skipped today: Today shows it as skipped; the summary used to list it
    zone="Europe/Berlin",
    week_start=0,
    specs=[
        routine_spec(today="skipped", pauses=[(20, 5)], records=[(1, "kept"), (2, "missed")]),
        routine_spec(schedule_type="per_week", today="skipped", at=None),
        promise_spec(recorded="skipped", moved_from=2),
    ],
)
@example(  # a Monday routine started on a Wednesday, and a Monday moved to a Tuesday
    zone="America/New_York",
    week_start=6,
    specs=[
        routine_spec(schedule_type="weekdays", weekdays=1, start=0, moves=[(5, 1)]),
        routine_spec(schedule_type="weekdays", weekdays=0b1010101, start=-9, at=None),
    ],
)
@example(  # times per week starting later this week; every 3 days moved, with pauses
    zone="Pacific/Auckland",
    week_start=0,
    specs=[
        routine_spec(schedule_type="per_week", start=2, times_per_week=5),
        routine_spec(
            schedule_type="every_n_days", start=-13, pauses=[(9, 4)], moves=[(2, 1), (8, 2)]
        ),
        promise_spec(offset=1, at=time(0, 30), moved_from=1),
    ],
)
@given(
    zone=st.sampled_from(ZONES),
    week_start=st.sampled_from([0, 6]),
    specs=st.lists(st.one_of(promises(), routines()), min_size=1, max_size=4),
)
def test_today_the_summary_the_figures_and_the_feed_agree(owner, zone, week_start, specs):
    with transaction.atomic():
        owner.time_zone, owner.week_start = zone, week_start
        owner.save()
        for n, spec in enumerate(specs):
            title = f"Commitment {n}"
            if spec["kind"] == "promise":
                create_promise(owner, title, spec, ZoneInfo(zone))
            else:
                create_routine(owner, title, spec)
        check_agreement(owner)
        transaction.set_rollback(True)
