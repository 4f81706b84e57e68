"""Reads that span the journal's models: the merged, paginated list of entries."""

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, Value

from tracker.journal.kinds import Kind
from tracker.journal.models import BoundaryTest

PAGE_SIZE = 20


def _entries_of(kind: Kind, user, person=None) -> models.QuerySet:
    queryset = kind.model.objects.for_user(user)
    if person is not None:
        field = "boundary__person" if kind.model is BoundaryTest else "person"
        queryset = queryset.filter(**{field: person})
    return queryset


def entries_page(user, *, number, kinds: list[Kind], person=None) -> Page:
    """One page of the user's journal entries of `kinds`, newest first.

    Always the same queries, however long the journal: a count and a UNION of
    (kind, id, date, created_at) rows sliced to the page, then one fetch per kind for
    exactly that page's rows. The page's `object_list` holds the model instances.
    """
    if not kinds:
        return Paginator([], PAGE_SIZE).get_page(1)
    parts = [
        _entries_of(kind, user, person)
        .annotate(kind=Value(kind.slug, output_field=models.CharField()))
        .values_list("kind", "id", "date", "created_at")
        .order_by()  # each part unordered: only the whole UNION is
        for kind in kinds
    ]
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    merged = merged.order_by("-date", "-created_at", "-id")
    page = Paginator(merged, PAGE_SIZE).get_page(number)
    ids_by_kind: dict[str, list[int]] = {kind.slug: [] for kind in kinds}
    for kind_slug, pk, _date, _created in page.object_list:
        ids_by_kind[kind_slug].append(pk)
    rows = {}
    for kind in kinds:
        queryset = _entries_of(kind, user).select_related(
            "boundary__person" if kind.model is BoundaryTest else "person"
        )
        # `pk IS NULL` matches nothing but keeps the query when a kind has no rows on this
        # page, so the page costs the same number of queries whatever its mix of kinds.
        for obj in queryset.filter(Q(pk__in=ids_by_kind[kind.slug]) | Q(pk__isnull=True)):
            rows[kind.slug, obj.pk] = obj
    page.object_list = [
        rows[kind_slug, pk]
        for kind_slug, pk, _date, _created in page.object_list
        if (kind_slug, pk) in rows
    ]
    return page
