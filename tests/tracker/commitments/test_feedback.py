"""The run a recording's feedback tells ("5 in a row") is the progress figures' streak,
though it reads only the recent check-ins when that is enough."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.tracker.factories import make_routine
from tracker.commitments import services
from tracker.commitments.feedback import RUN_DUE_DAYS, current_run, occurrence_to_record
from tracker.models import CheckIn, CommitmentPause
from tracker.progress import figures, queries
from tracker.progress.streaks import fixed_streak

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def figures_run(commitment) -> int:
    """The streak as the progress figures count it, over the whole history."""
    checkins = queries.commitment_checkins(commitment)
    spans = commitment.pause_spans()
    return fixed_streak(
        figures.fixed_routine_occurrences(commitment, checkins, spans, TODAY)
    ).current


def record(routine, states: dict[int, str]) -> None:
    """Check-ins by how many days ago."""
    CheckIn.objects.bulk_create(
        CheckIn(commitment=routine, occurrence_date=TODAY - timedelta(days=back), state=state)
        for back, state in states.items()
    )


def kept_for(days: int, **exceptions: str) -> dict[int, str]:
    states = dict.fromkeys(range(days + 1), "kept")
    states.update({int(back.removeprefix("d")): state for back, state in exceptions.items()})
    return states


CASES = {
    "young, all kept": (12, {}, kept_for(12)),
    "kept for longer than the window": (200, {}, kept_for(200)),
    "a miss before the window": (200, {}, kept_for(200, d80="missed")),
    "a miss in the window": (200, {}, kept_for(200, d5="missed")),
    "an unrecorded day in the window": (
        200,
        {},
        {k: v for k, v in kept_for(200).items() if k != 9},
    ),
    "skips neither break nor extend": (200, {}, kept_for(200, d3="skipped", d20="missed")),
    "today not recorded yet": (200, {}, {k: v for k, v in kept_for(200, d30="late").items() if k}),
    "chosen weekdays, all kept": (300, {"schedule_type": "weekdays", "weekdays": 0b0000001}, None),
    "every third day": (300, {"schedule_type": "every_n_days", "interval_days": 3}, None),
}


@pytest.mark.parametrize("name", CASES)
def test_the_run_is_the_figures_streak(owner, name):
    age, schedule, states = CASES[name]
    routine = make_routine(owner, start_date=TODAY - timedelta(days=age), **schedule)
    if states is None:  # every due day kept
        states = {
            (TODAY - day).days: "kept"
            for day in (TODAY - timedelta(days=back) for back in range(age + 1))
            if routine.occurrence_on(day, user=owner) is not None
        }
    record(routine, states)
    assert current_run(routine, today=TODAY) == figures_run(routine)


def test_a_run_longer_than_the_window_is_counted_whole(owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=200))
    record(routine, kept_for(150, d150="missed"))
    assert current_run(routine, today=TODAY) == 150 > RUN_DUE_DAYS


def test_a_paused_span_is_no_break_even_when_nothing_was_recorded(owner):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=200))
    record(routine, {k: v for k, v in kept_for(200, d100="missed").items() if not 10 <= k < 20})
    CommitmentPause.objects.create(
        commitment=routine, starts_on=TODAY - timedelta(days=19), ends_on=TODAY - timedelta(days=9)
    )
    assert current_run(routine, today=TODAY) == figures_run(routine) == 90


def test_check_ins_from_before_an_edited_start_still_count(owner):
    """Check-ins recorded before the start date was moved later are history: the figures
    count them, so the run does too."""
    routine = make_routine(owner, start_date=TODAY - timedelta(days=300))
    record(routine, kept_for(300, d290="missed"))
    routine.start_date = TODAY - timedelta(days=10)
    routine.save()
    assert current_run(routine, today=TODAY) == figures_run(routine) == 290


def test_a_day_moved_into_the_window_counts(owner):
    routine = make_routine(
        owner,
        start_date=TODAY - timedelta(days=200),
        schedule_type="weekdays",
        weekdays=1 << TODAY.weekday(),
    )
    due = [TODAY - timedelta(weeks=w) for w in range(29)]
    record(routine, {(TODAY - day).days: "kept" for day in due[1:]} | {7 * 20: "missed"})
    services.reschedule_routine_day(
        commitment=routine, occurrence_date=due[1], new_date=due[1] + timedelta(days=1)
    )
    CheckIn.objects.create(
        commitment=routine, occurrence_date=due[1] + timedelta(days=1), state="kept"
    )
    assert current_run(routine, today=TODAY) == figures_run(routine)


@pytest.mark.parametrize("seed", range(8))
def test_random_histories_agree_with_the_figures(owner, seed):
    rng = random.Random(seed)
    age = rng.choice([15, 45, 90, 200, 400])
    routine = make_routine(
        owner,
        start_date=TODAY - timedelta(days=age),
        **rng.choice([{}, {"schedule_type": "weekdays", "weekdays": 0b0101010}]),
    )
    breaks = rng.choice([0.0, 0.005, 0.05, 0.2])
    states = {}
    for back in range(age + 1):
        roll = rng.random()
        if roll < breaks / 2:
            continue  # unrecorded
        states[back] = (
            "missed" if roll < breaks else rng.choice(["kept", "kept", "late", "skipped"])
        )
    record(routine, states)
    if rng.random() < 0.5:
        start = TODAY - timedelta(days=rng.randrange(age + 1))
        CommitmentPause.objects.create(
            commitment=routine, starts_on=start, ends_on=start + timedelta(days=rng.randrange(40))
        )
    assert current_run(routine, today=TODAY) == figures_run(routine)


def test_a_run_broken_in_the_window_reads_one_window(owner, django_assert_num_queries):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=400))
    record(routine, kept_for(400, d12="missed"))
    routine.pause_list = []
    with django_assert_num_queries(1):
        assert current_run(routine, today=TODAY) == 12


def test_after_the_recording_read_the_run_needs_no_query(owner, django_assert_num_queries):
    routine = make_routine(owner, start_date=TODAY - timedelta(days=400))
    record(routine, kept_for(400, d12="missed"))
    with django_assert_num_queries(2):  # the check-ins, the pauses
        occurrence = occurrence_to_record(routine, TODAY, user=owner)
    assert occurrence.checkin.state == "kept"
    assert isinstance(occurrence.checkin, CheckIn)  # the row the recording writes
    with django_assert_num_queries(0):
        assert current_run(routine, today=TODAY) == 12


def test_an_old_day_is_looked_up_as_usual(owner):
    """A day before the run's window (the check-in page reaches back that far)."""
    routine = make_routine(owner, start_date=TODAY - timedelta(days=400))
    day = TODAY - timedelta(days=RUN_DUE_DAYS + 30)
    record(routine, {(TODAY - day).days: "late"})
    occurrence = occurrence_to_record(routine, day, user=owner)
    assert (occurrence.day, occurrence.state) == (day, "late")
