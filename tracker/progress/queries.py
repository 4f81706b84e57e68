"""Reads for the progress figures: everything a user's progress needs in three queries.

`tracker.progress.figures` computes from these rows in one pass, so the page's query count does
not grow with the number of commitments or check-ins.
"""

from collections.abc import Collection
from dataclasses import dataclass

from tracker.models import CheckIn, Commitment, CommitmentPause

CHECKIN_FIELDS = ("commitment_id", "occurrence_date", "due_at", "state", "rescheduled_to_date")


@dataclass(frozen=True)
class ProgressRows:
    commitments: list
    pauses: list
    checkins: list


def user_commitments(user) -> list[Commitment]:
    """The user's commitments with their person and practice (one query)."""
    return list(Commitment.objects.for_user(user).select_related("person", "practice"))


def _scoped(queryset, commitments: list[Commitment], filtered: bool):
    if filtered:
        ids: Collection[int] = [c.pk for c in commitments]
        return queryset.filter(commitment_id__in=ids)
    return queryset


def progress_rows(user, commitments: list[Commitment], *, filtered: bool) -> ProgressRows:
    """Pauses and check-ins of the given commitments of this user (two queries).

    Unfiltered, it asks for all the user's rows rather than listing every id, which keeps
    the SQL small however many commitments there are. Check-ins come as light named
    tuples: a year of daily routines is thousands of rows, and model instances would cost
    several times as much to build.
    """
    if not commitments:
        return ProgressRows([], [], [])
    pauses = _scoped(CommitmentPause.objects.filter(commitment__owner=user), commitments, filtered)
    checkins = _scoped(CheckIn.objects.for_user(user), commitments, filtered)
    return ProgressRows(
        commitments,
        list(pauses.only("commitment_id", "starts_on", "ends_on").order_by()),
        list(checkins.order_by().values_list(*CHECKIN_FIELDS, named=True)),
    )


def commitment_checkins(commitment: Commitment) -> list:
    """All of one commitment's check-ins as light named tuples (one query), for its
    progress figures."""
    return list(commitment.checkins.order_by().values_list(*CHECKIN_FIELDS, named=True))
