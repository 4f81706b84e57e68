"""The one range of dates Steady accepts, and how much history a page computes.

Python's dates stop at year 9999 and a time zone shift past that overflows, so a date
near either end used to break every page that showed it. Every date a person or a file
gives (start and due dates, `?date=`, check-ins, reschedules, journal entries, imported
rows) is checked against `EARLIEST`..`LATEST` where it comes in: the model fields carry
these validators, so forms and imports run the same check. Pages never compute more than
`HISTORY_DAYS` back, so a routine started long ago costs no more than a recent one.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
# A new routine may start at most this many years back: older history is not
# something anyone records by hand, and each past day is work on every page.
START_YEARS_BACK = 5
# The most history (in days) any page computes: ten years.
HISTORY_DAYS = 3653

RANGE_MESSAGE = "Choose a date between 1 January 1900 and 31 December 2200."

DATE_VALIDATORS = [
    MinValueValidator(EARLIEST, message=RANGE_MESSAGE),
    MaxValueValidator(LATEST, message=RANGE_MESSAGE),
]
# Instants get a day's slack either side, so that every local time on an allowed date
# passes in every time zone (UTC-12 to UTC+14).
DATETIME_VALIDATORS = [
    MinValueValidator(datetime.combine(EARLIEST, time.min, UTC) - timedelta(days=1), RANGE_MESSAGE),
    MaxValueValidator(datetime.combine(LATEST, time.max, UTC) + timedelta(days=1), RANGE_MESSAGE),
]


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_day(text: str) -> date | None:
    """An ISO date from a query string, or None when it is not one or out of range."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if in_range(day) else None


def earliest_start(today: date) -> date:
    """The earliest start date a new routine may be given today."""
    return today.replace(year=today.year - START_YEARS_BACK, day=min(today.day, 28))


def check_start(day: date, today: date) -> None:
    """Raise ValidationError when a routine's new start date is too far back."""
    if day < earliest_start(today):
        raise ValidationError(
            f"Choose a start date within the last {START_YEARS_BACK} years "
            f"(from {_spoken(earliest_start(today))} on)."
        )


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def history_start(today: date) -> date:
    """The first day any page computes history for."""
    return max(today - timedelta(days=HISTORY_DAYS), EARLIEST)


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` the model enforces too, so an import (which runs
    the model's validation, not a form's) cannot store a longer text. Django's own
    TextField applies `max_length` to form widgets only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.default_validators = [MaxLengthValidator(self.max_length)]
