"""Commitment rules that live on the model."""

import pytest

from tracker.models import Commitment


@pytest.mark.parametrize(
    ("schedule_type", "expected"),
    [
        ("weekdays", (0b0000101, None, None)),
        ("per_week", (0, 3, None)),
        ("every_n_days", (0, None, 4)),
        ("daily", (0, None, None)),
    ],
)
def test_a_routine_keeps_only_the_settings_its_schedule_uses(schedule_type, expected):
    commitment = Commitment(kind="promise", weekdays=0b1111111, times_per_week=5, interval_days=9)
    commitment.set_routine_schedule(
        schedule_type, weekdays=[0, 2, 2], times_per_week=3, interval_days=4
    )
    assert commitment.kind == Commitment.Kind.ROUTINE
    assert commitment.schedule_type == schedule_type
    assert (commitment.weekdays, commitment.times_per_week, commitment.interval_days) == expected
