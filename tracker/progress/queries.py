"""Reads for the progress figures: everything a user's progress needs in three queries.

`tracker.progress.figures` computes from these rows in one pass, so the page's query count does
not grow with the number of commitments or check-ins.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Max

from tracker.cache import fingerprint
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


def data_fingerprint(
    user, commitments: list[Commitment], *, filtered: bool, pauses: list | None = None
) -> str:
    """A short hash that changes whenever anything the progress figures read changes.

    The commitments (with their person and practice) are already in memory; pauses are
    few; check-ins, the bulk of the data, are summarised by one aggregate query: their
    count, newest change and highest id, so a recorded, changed, undone or replaced
    check-in all give a new fingerprint. Two queries, whatever the history's size; one
    when the caller passes the commitments' `pauses` (CommitmentPause rows) it already has.
    """
    fields = [f.attname for f in Commitment._meta.concrete_fields]
    parts: list = [
        (
            [getattr(c, name) for name in fields],
            c.person.name if c.person else None,
            (c.practice.title, c.practice.slug) if c.practice else None,
        )
        for c in commitments
    ]
    if pauses is None:
        scoped = _scoped(
            CommitmentPause.objects.filter(commitment__owner=user), commitments, filtered
        )
        spans = list(
            scoped.order_by("pk").values_list("pk", "commitment_id", "starts_on", "ends_on")
        )
    else:
        spans = sorted((p.pk, p.commitment_id, p.starts_on, p.ends_on) for p in pauses)
    parts.append(spans)
    checkins = _scoped(CheckIn.objects.for_user(user), commitments, filtered).order_by()
    parts.append(
        sorted(checkins.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id")).items())
    )
    return fingerprint(parts)


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
