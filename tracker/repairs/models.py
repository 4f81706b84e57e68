"""Repairs: what the helper did after missing (or being late for) something.

A repair belongs to one check-in: a plain acknowledgement, what they offered next (a new
time with notice, or a smaller promise, which is created as its own commitment) and an
optional note for the person, shown on the shared page when the commitment is shared.

It is an area of its own, between commitments (the check-in it belongs to) and the
pages that read it: the journal lists it, progress counts it, the shared page shows its
note, the export carries it. Each of those imports it from below, never sideways.
"""

from datetime import date

from django.db import models

from tracker.commitments.bounds import LimitedTextField
from tracker.commitments.models import CheckIn, Commitment
from trustsite.querysets import OwnedQuerySet

__all__ = ["Repair"]

# Recording one of these states offers the repair flow.
REPAIRABLE_STATES = (CheckIn.State.MISSED, CheckIn.State.LATE)


class RepairQuerySet(OwnedQuerySet):
    owner_path = "checkin__commitment__owner"

    def newest_first(self):
        return self.select_related("checkin__commitment__person", "follow_up").order_by(
            "-checkin__occurrence_date", "-created_at", "-pk"
        )

    def after_misses_since(self, start: date):
        return self.filter(checkin__state=CheckIn.State.MISSED, checkin__occurrence_date__gte=start)


class Repair(models.Model):
    class Next(models.TextChoices):
        NEW_TIME = "new_time", "Offer a new time, with notice"
        SMALLER = "smaller", "Make a smaller next promise"
        NONE = "none", "Nothing more for now"

    checkin = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="repair")
    acknowledgement = LimitedTextField("what happened, plainly", max_length=1000)
    next_step = models.CharField(
        "what you will do about it", max_length=10, choices=Next.choices, default=Next.NONE
    )
    # The promise the repair offered, when it made one.
    follow_up = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offered_by_repairs",
    )
    note_for_them = LimitedTextField("note for them", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RepairQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Repair after {self.checkin}"
