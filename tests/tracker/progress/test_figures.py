"""The progress figures on hand-built histories (pure functions: no database needed)."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tracker.commitments.schedule import Occurrence, Span
from tracker.models import CheckIn, Commitment, CommitmentPause
from tracker.progress import figures as progress
from tracker.progress import streaks, strength
from tracker.progress.figures import Tally

UTC_ZONE = ZoneInfo("UTC")
MONDAY = 0
START = date(2026, 3, 2)  # a Monday
_ids = iter(range(1, 10_000))


def routine(**fields) -> Commitment:
    fields.setdefault("schedule_type", Commitment.ScheduleType.DAILY)
    fields.setdefault("start_date", START)
    return Commitment(pk=next(_ids), kind="routine", title="Walk together", **fields)


def promise(due_at: datetime, **fields) -> Commitment:
    return Commitment(pk=next(_ids), kind="promise", title="Call back", due_at=due_at, **fields)


def checkin(commitment: Commitment, day: date, state: str, **fields) -> CheckIn:
    return CheckIn(commitment_id=commitment.pk, occurrence_date=day, state=state, **fields)


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def figures(commitment, checkins=(), pauses=(), *, today: date, zone=UTC_ZONE):
    spans = [Span(p.starts_on, p.ends_on) for p in pauses]
    return progress.commitment_figures(
        commitment, list(checkins), spans, today=today, zone=zone, week_start=MONDAY
    )


# --- Rates ---------------------------------------------------------------------------------


def test_an_empty_history_has_no_rate_rather_than_a_division_by_zero():
    summary = progress.summarise_period([], "30", START)
    assert summary.tally.due == 0
    assert summary.on_time_percent is None
    assert summary.kept_percent is None
    assert summary.on_time_change is None
    assert progress.summarise_period([], "all", START).tally == Tally()


def test_rates_leave_unrecorded_past_days_out_and_exclude_skips():
    walk = routine()
    today = START + timedelta(days=9)
    history = [
        checkin(walk, START, "kept"),
        checkin(walk, START + timedelta(days=1), "late"),
        checkin(walk, START + timedelta(days=2), "missed"),
        checkin(walk, START + timedelta(days=3), "skipped"),
        checkin(walk, START + timedelta(days=4), "kept"),
        # days 5..8 have nothing recorded; day 9 is today and still open.
    ]
    tally = Tally.of(figures(walk, history, today=today).occurrences)
    assert (tally.kept, tally.late, tally.missed, tally.skipped) == (2, 1, 1, 1)
    assert tally.unrecorded == 4
    assert tally.due == 8
    assert tally.recorded == 4
    # Unrecorded is not missed: the rates are shares of what was recorded.
    assert tally.on_time_rate == 2 / 4
    assert tally.kept_rate == 3 / 4
    assert not tally.mostly_unrecorded
    assert progress.recorded_sentence(tally) == "Kept 3 of 4 recorded · 4 not recorded"


def test_a_routine_backdated_60_days_reads_as_counts_not_a_tiny_percentage():
    walk = routine()
    today = START + timedelta(days=61)
    history = [checkin(walk, today - timedelta(days=n), "kept") for n in range(1, 13)]
    history += [checkin(walk, today - timedelta(days=n), "missed") for n in (13, 14)]
    tally = Tally.of(figures(walk, history, today=today).occurrences)
    assert (tally.done, tally.recorded, tally.unrecorded) == (12, 14, 47)
    assert tally.mostly_unrecorded
    assert progress.recorded_sentence(tally) == "Kept 12 of 14 recorded · 47 not recorded"


def test_nothing_recorded_has_no_rate_and_says_so():
    tally = Tally(unrecorded=3)
    assert tally.on_time_rate is None and tally.kept_rate is None
    assert tally.mostly_unrecorded
    assert progress.recorded_sentence(tally) == "Nothing recorded yet · 3 times not recorded"
    assert progress.recorded_sentence(Tally(kept=2)) == "Kept 2 of 2 recorded"


def test_a_period_with_only_unrecorded_days_has_no_rate_to_compare():
    walk = routine()
    today = START + timedelta(days=20)
    summary = progress.summarise_period(figures(walk, today=today).occurrences, "7", today)
    assert summary.tally.unrecorded == 6  # today is still open
    assert summary.on_time_percent is None
    assert summary.on_time_change is None


def test_the_breakdown_rates_leave_unrecorded_out():
    walk = routine()
    today = START + timedelta(days=4)
    history = [checkin(walk, START, "kept"), checkin(walk, START + timedelta(days=1), "missed")]
    (row,) = progress.breakdown([figures(walk, history, today=today)], START, today, by="person")
    assert (row.tally.recorded, row.tally.unrecorded) == (2, 2)
    assert row.on_time_percent == 50


def test_today_is_not_held_against_anyone_until_it_is_over():
    walk = routine()
    occurrences = figures(walk, today=START).occurrences
    assert [o.state for o in occurrences] == ["open"]
    assert Tally.of(occurrences).due == 0


def test_future_occurrences_never_count():
    walk = routine()
    later = checkin(walk, START + timedelta(days=5), "kept")
    occurrences = figures(walk, [later], today=START + timedelta(days=1)).occurrences
    assert max(o.day for o in occurrences) == START + timedelta(days=1)


def test_paused_days_are_not_due_and_never_missed():
    walk = routine()
    pause = CommitmentPause(starts_on=START + timedelta(days=2), ends_on=START + timedelta(days=5))
    today = START + timedelta(days=7)
    occurrences = figures(walk, [], [pause], today=today).occurrences
    paused = {START + timedelta(days=n) for n in (2, 3, 4)}
    assert not paused & {o.day for o in occurrences}
    assert Tally.of(occurrences).unrecorded == 4  # days 0, 1, 5, 6


def test_an_open_pause_stops_everything_after_it_starts():
    walk = routine()
    pause = CommitmentPause(starts_on=START + timedelta(days=3), ends_on=None)
    occurrences = figures(walk, [], [pause], today=START + timedelta(days=20)).occurrences
    assert len(occurrences) == 3


def test_a_rescheduled_routine_day_is_not_counted_but_its_new_day_is():
    walk = routine(schedule_type="weekdays", weekdays=1)  # Mondays
    moved = checkin(walk, START, "rescheduled", rescheduled_to_date=START + timedelta(days=2))
    kept = checkin(walk, START + timedelta(days=2), "kept")
    occurrences = figures(walk, [moved, kept], today=START + timedelta(days=3)).occurrences
    tally = Tally.of(occurrences)
    assert tally.rescheduled == 1
    assert tally.kept == 1
    assert tally.due == 1
    assert tally.on_time_rate == 1


def test_a_rescheduled_promise_counts_only_at_its_new_time():
    old = datetime(2026, 3, 2, 18, tzinfo=UTC)
    new = datetime(2026, 3, 4, 18, tzinfo=UTC)
    call = promise(new)
    moved = checkin(call, old.date(), "rescheduled", due_at=old, rescheduled_to=new)
    late = checkin(call, new.date(), "late", due_at=new)
    tally = Tally.of(figures(call, [moved, late], today=date(2026, 3, 6)).occurrences)
    assert (tally.rescheduled, tally.late, tally.due) == (1, 1, 1)
    assert tally.on_time_rate == 0
    assert tally.kept_rate == 1


def test_an_unrecorded_promise_counts_as_due_once_its_day_is_over():
    call = promise(datetime(2026, 3, 2, 9, tzinfo=UTC))
    assert figures(call, today=date(2026, 3, 2)).occurrences[0].state == "open"
    assert figures(call, today=date(2026, 3, 3)).occurrences[0].state == "unrecorded"
    assert figures(call, today=date(2026, 3, 1)).occurrences == []


def test_a_promise_falls_on_the_local_day_in_the_users_zone():
    """23:30 UTC on 2 March is already 3 March in Auckland."""
    auckland = ZoneInfo("Pacific/Auckland")
    call = promise(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    occurrences = figures(call, today=date(2026, 3, 3), zone=auckland).occurrences
    assert occurrences == [Occurrence(call.pk, date(2026, 3, 3), "open")]
    occurrences = figures(call, today=date(2026, 3, 3), zone=UTC_ZONE).occurrences
    assert occurrences == [Occurrence(call.pk, date(2026, 3, 2), "unrecorded")]


def test_the_change_compares_with_the_previous_period_of_the_same_length():
    pk = 1
    today = date(2026, 3, 14)
    occurrences = [Occurrence(pk, today - timedelta(days=n), "kept") for n in range(7)]
    occurrences += [Occurrence(pk, today - timedelta(days=7 + n), "kept") for n in range(3)]
    occurrences += [Occurrence(pk, today - timedelta(days=10 + n), "missed") for n in range(4)]
    summary = progress.summarise_period(occurrences, "7", today)
    assert summary.on_time_percent == 100
    assert summary.previous.on_time_rate == 3 / 7
    assert summary.on_time_change == 100 - 43
    assert progress.change_sentence(57, "rate") == "Up 57 points from the period before."
    assert progress.change_sentence(-1, "rate") == "Down 1 point from the period before."
    assert progress.summarise_period(occurrences, "all", today).on_time_change is None


def test_an_unknown_period_falls_back_to_thirty_days():
    assert progress.summarise_period([], "365", START).label == "Last 30 days"


# --- N times per week ----------------------------------------------------------------------


def test_a_week_asks_for_its_target_and_extra_check_ins_are_a_bonus():
    gym = routine(schedule_type="per_week", times_per_week=2)
    week_one = [checkin(gym, START + timedelta(days=n), "kept") for n in (0, 2, 4)]
    week_two = [checkin(gym, START + timedelta(days=7), "late")]
    today = START + timedelta(days=14)
    tally = Tally.of(figures(gym, week_one + week_two, today=today).occurrences)
    assert tally.kept == 2  # the third is above the target
    assert tally.late == 1
    assert tally.unrecorded == 1  # week two asked for two
    assert tally.due == 4


def test_a_skip_lowers_what_the_week_asks():
    gym = routine(schedule_type="per_week", times_per_week=2)
    history = [checkin(gym, START, "kept"), checkin(gym, START + timedelta(days=1), "skipped")]
    tally = Tally.of(figures(gym, history, today=START + timedelta(days=7)).occurrences)
    assert (tally.due, tally.kept, tally.skipped) == (1, 1, 1)


def test_the_current_week_only_counts_what_is_recorded():
    gym = routine(schedule_type="per_week", times_per_week=3)
    history = [checkin(gym, START, "kept")]
    tally = Tally.of(figures(gym, history, today=START + timedelta(days=3)).occurrences)
    assert (tally.due, tally.unrecorded) == (1, 0)


def test_weekly_streak_counts_weeks_that_reached_their_target():
    gym = routine(schedule_type="per_week", times_per_week=2)
    history = []
    for week in (0, 1, 3, 4):  # week 2 has only one
        base = START + timedelta(weeks=week)
        history += [checkin(gym, base, "kept"), checkin(gym, base + timedelta(days=1), "late")]
    history.append(checkin(gym, START + timedelta(weeks=2), "kept"))
    # Today is the Tuesday of week 5, nothing recorded yet: it neither breaks nor adds.
    streak = figures(gym, history, today=START + timedelta(weeks=5, days=1)).streak
    assert streak == streaks.Streak(current=2, best=2, unit="weeks")


# --- Streaks ---------------------------------------------------------------------------------


def test_skips_and_pauses_neither_break_nor_extend_a_streak():
    walk = routine()
    history = [checkin(walk, day, "kept") for day in days(START, 3)]
    history.append(checkin(walk, START + timedelta(days=3), "skipped"))
    history += [checkin(walk, day, "late") for day in days(START + timedelta(days=4), 2)]
    pause = CommitmentPause(starts_on=START + timedelta(days=6), ends_on=START + timedelta(days=9))
    history.append(checkin(walk, START + timedelta(days=9), "kept"))
    streak = figures(walk, history, [pause], today=START + timedelta(days=10)).streak
    assert streak == streaks.Streak(current=6, best=6, unit="times")


def test_a_miss_or_an_unrecorded_day_ends_the_current_streak_but_not_the_best():
    walk = routine()
    history = [checkin(walk, day, "kept") for day in days(START, 4)]
    history.append(checkin(walk, START + timedelta(days=4), "missed"))
    history.append(checkin(walk, START + timedelta(days=5), "kept"))
    # Day 6 unrecorded, day 7 kept, day 8 today and open.
    history.append(checkin(walk, START + timedelta(days=7), "kept"))
    streak = figures(walk, history, today=START + timedelta(days=8)).streak
    assert streak == streaks.Streak(current=1, best=4, unit="times")


def test_promises_have_no_streak_or_strength():
    call = promise(datetime(2026, 3, 2, 9, tzinfo=UTC))
    result = figures(call, today=START)
    assert result.streak is None
    assert result.strength_percent is None


# --- Strength ---------------------------------------------------------------------------------


def test_a_perfect_daily_record_from_zero_reaches_about_080_on_day_31():
    walk = routine()
    history = [checkin(walk, day, "kept") for day in days(START, 31)]
    series = figures(walk, history, today=START + timedelta(days=31)).strength
    assert len(series) == 31  # today has nothing recorded yet, so it is not scored
    m = 0.5 ** (1 / 13)  # worked by hand: sqrt(1) / 13
    assert series[0][1] == pytest.approx(1 - m)  # 0.0519
    assert series[-1][1] == pytest.approx(1 - m**31)
    assert series[-1][1] == pytest.approx(0.808, abs=0.001)


def test_a_late_day_counts_half():
    walk = routine()
    series = figures(walk, [checkin(walk, START, "late")], today=START).strength
    m = 0.5 ** (1 / 13)
    assert series == [(START, pytest.approx(0.5 * (1 - m)))]


def test_skipped_and_paused_days_leave_the_score_unchanged():
    walk = routine()
    history = [checkin(walk, day, "kept") for day in days(START, 5)]
    history.append(checkin(walk, START + timedelta(days=5), "skipped"))
    pause = CommitmentPause(starts_on=START + timedelta(days=6), ends_on=START + timedelta(days=8))
    series = dict(figures(walk, history, [pause], today=START + timedelta(days=8)).strength)
    m = 0.5 ** (1 / 13)
    after_five = 1 - m**5
    for offset in (4, 5, 6, 7):
        assert series[START + timedelta(days=offset)] == pytest.approx(after_five)


def test_a_day_nobody_recorded_leaves_the_score_as_it_was_unlike_a_miss():
    walk = routine()
    history = [checkin(walk, START, "kept"), checkin(walk, START + timedelta(days=2), "kept")]
    series = figures(walk, history, today=START + timedelta(days=3)).strength
    m = 0.5 ** (1 / 13)
    assert series[1][1] == pytest.approx(1 - m)  # day 1 unrecorded: unchanged
    assert series[2][1] == pytest.approx((1 - m) * m + (1 - m))


def test_a_weekly_slot_nobody_recorded_asks_nothing_like_a_planned_skip():
    gym = routine(schedule_type="per_week", times_per_week=2)
    history = [checkin(gym, START, "kept")]  # one of two in the first week
    unrecorded = figures(gym, history, today=START + timedelta(days=8)).strength
    skipped = figures(
        gym,
        [*history, checkin(gym, START + timedelta(days=6), "skipped")],
        today=START + timedelta(days=8),
    ).strength
    assert unrecorded[-1][1] == pytest.approx(skipped[-1][1])


def test_a_missed_day_pulls_the_score_down():
    walk = routine()
    history = [checkin(walk, START, "kept"), checkin(walk, START + timedelta(days=1), "missed")]
    series = figures(walk, history, today=START + timedelta(days=2)).strength
    m = 0.5 ** (1 / 13)
    assert series[1][1] == pytest.approx((1 - m) * m)


def test_three_times_a_week_uses_its_own_frequency_and_trailing_week():
    gym = routine(schedule_type="per_week", times_per_week=3)
    history = [checkin(gym, START + timedelta(days=n), "kept") for n in (0, 2, 4)]
    series = dict(figures(gym, history, today=START + timedelta(days=7)).strength)
    m = 0.5 ** (math.sqrt(3 / 7) / 13)
    assert strength.multiplier(3 / 7) == pytest.approx(m)
    # Day 0: the trailing window has 1 open day, asking ceil(3/7) = 1, and one is kept.
    assert series[START] == pytest.approx(1 - m)
    # Day 1: two open days ask ceil(6/7) = 1; one kept: value 1 again.
    assert series[START + timedelta(days=1)] == pytest.approx(1 - m**2)
    # Day 3: four open days ask ceil(12/7) = 2; two kept: value 1.
    # Day 6: seven days ask 3, three kept: the value stays 1 the whole week.
    assert series[START + timedelta(days=6)] == pytest.approx(1 - m**7)


def test_chosen_weekdays_look_at_the_trailing_week():
    walk = routine(schedule_type="weekdays", weekdays=0b0010101)  # Mon, Wed, Fri
    history = [checkin(walk, START, "kept"), checkin(walk, START + timedelta(days=2), "missed")]
    series = dict(figures(walk, history, today=START + timedelta(days=3)).strength)
    m = 0.5 ** (math.sqrt(3 / 7) / 13)
    assert strength.frequency_per_day(walk) == pytest.approx(3 / 7)
    assert series[START] == pytest.approx(1 - m)  # 1 of 1 asked
    assert series[START + timedelta(days=1)] == pytest.approx(1 - m**2)  # still 1 of 1
    day2 = (1 - m**2) * m + 0.5 * (1 - m)  # 1 of 2 asked
    assert series[START + timedelta(days=2)] == pytest.approx(day2)


# --- Breakdown and milestones ----------------------------------------------------------------


def test_breakdown_groups_by_person_and_practice():
    from guidance.models import Practice
    from tracker.models import Person

    sam = Person(pk=7, name="Sam")
    listening = Practice(pk=3, title="Listening")
    a = routine(person=sam, practice=listening)
    b = routine()
    today = START + timedelta(days=2)
    figs = [
        figures(
            a,
            [checkin(a, START, "kept"), checkin(a, START + timedelta(days=1), "kept")],
            today=today,
        ),
        figures(b, [checkin(b, START, "missed")], today=today),
    ]
    by_person = progress.breakdown(figs, START, today, by="person")
    assert [(r.label, r.tally.due, r.on_time_percent) for r in by_person] == [
        ("Sam", 2, 100),
        ("No one in particular", 2, 0),
    ]
    by_practice = progress.breakdown(figs, START, today, by="practice")
    assert [r.label for r in by_practice] == ["Listening", "No practice"]


def test_milestones_are_warm_sentences_in_the_order_they_were_reached():
    walk = routine()
    call = promise(datetime(2026, 3, 20, 9, tzinfo=UTC))
    today = START + timedelta(days=40)
    history = [checkin(walk, day, "kept") for day in days(START, 30)]
    figs = [
        figures(walk, history, today=today),
        figures(call, [checkin(call, date(2026, 3, 20), "kept", due_at=call.due_at)], today=today),
    ]
    found = streaks.milestones(figs, MONDAY, today)
    assert found[0].startswith("By 11 March 2026 you had followed through 10 times")
    assert found[1].startswith("You kept your first promise on time on 20 March 2026")
    assert found[2].startswith("By 25 March 2026 you had followed through 25 times")
    assert "four weeks running, up to 29 March 2026" in found[3]
    assert not any("50 times" in sentence for sentence in found)


def test_no_milestones_without_history():
    assert streaks.milestones([], MONDAY, START) == []


DECEMBER_1 = date(2026, 12, 1)  # a Tuesday


def test_a_week_still_in_progress_is_not_a_fourth_week_running():
    # Three whole weeks kept twice each, and one of two so far this week: the streak
    # says three weeks, and no milestone claims four "up to 6 December".
    calls = routine(schedule_type="per_week", times_per_week=2, start_date=date(2026, 11, 9))
    kept = [date(2026, 11, d) for d in (9, 11, 16, 18, 23, 25, 30)]
    figure = figures(calls, [checkin(calls, day, "kept") for day in kept], today=DECEMBER_1)
    assert figure.streak.current == 3
    assert streaks.milestones([figure], MONDAY, DECEMBER_1) == []


def test_four_finished_weeks_date_the_milestone_to_the_last_of_them():
    calls = routine(schedule_type="per_week", times_per_week=2, start_date=date(2026, 11, 2))
    kept = [date(2026, 11, d) for d in (2, 4, 9, 11, 16, 18, 23, 25, 30)]
    figure = figures(calls, [checkin(calls, day, "kept") for day in kept], today=DECEMBER_1)
    (sentence,) = streaks.milestones([figure], MONDAY, DECEMBER_1)
    assert "four weeks running, up to 29 November 2026" in sentence
    assert figure.streak.best >= 4


def test_a_fixed_day_routine_milestone_never_dates_the_future():
    # Mondays only: Monday 30 November is kept, but its week runs to 6 December.
    mondays = routine(schedule_type="weekdays", weekdays=1, start_date=date(2026, 11, 9))
    kept = [date(2026, 11, d) for d in (9, 16, 23, 30)]
    figure = figures(mondays, [checkin(mondays, day, "kept") for day in kept], today=DECEMBER_1)
    assert streaks.milestones([figure], MONDAY, DECEMBER_1) == []
    later = date(2026, 12, 7)
    figure = figures(mondays, [checkin(mondays, day, "kept") for day in kept], today=later)
    (sentence,) = streaks.milestones([figure], MONDAY, later)
    assert "up to 6 December 2026" in sentence


def test_a_week_with_a_day_not_recorded_does_not_count_towards_four_running():
    walk = routine(start_date=date(2026, 11, 2))
    history = [
        checkin(walk, day, "kept")
        for day in days(date(2026, 11, 2), 28)
        if day != date(2026, 11, 18)
    ]
    figure = figures(walk, history, today=DECEMBER_1)
    assert not any("four weeks" in s for s in streaks.milestones([figure], MONDAY, DECEMBER_1))
