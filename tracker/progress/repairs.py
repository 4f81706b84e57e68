"""The progress page's line about repairs: how many misses were followed by one.

Kept apart from the cached figures: it is one small count, always fresh.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count

from tracker.commitments.models import CheckIn

REPAIR_WINDOW_DAYS = 91


@dataclass(frozen=True)
class RepairLine:
    misses: int
    repaired: int

    @property
    def text(self) -> str:
        if self.repaired:
            of = "your one miss" if self.misses == 1 else f"{self.repaired} of {self.misses} misses"
            return f"You offered a repair after {of} in the last three months."
        return (
            "When you miss something, Steady offers a short repair: saying what happened "
            "and what you will do. It is always up to you."
        )


def repair_line(user) -> RepairLine | None:
    """Misses in the last three months and how many have a repair, in one query (None:
    no misses)."""
    since = user.local_today() - timedelta(days=REPAIR_WINDOW_DAYS)
    found = (
        CheckIn.objects.for_user(user)
        .filter(state=CheckIn.State.MISSED, occurrence_date__gte=since)
        .aggregate(misses=Count("pk"), repaired=Count("repair"))
    )
    if not found["misses"]:
        return None
    return RepairLine(misses=found["misses"], repaired=found["repaired"])
