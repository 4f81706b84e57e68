"""The one lookup of a commitment for a request: the user's own, or 404."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tracker.commitments.models import Commitment


def owned_commitment(request: HttpRequest, pk: int, *, with_pauses: bool = False) -> Commitment:
    """The user's commitment or 404. `with_pauses` fetches its pauses up front, for views
    that look up an occurrence twice (to validate, then to draw the row): one query,
    not one per lookup."""
    queryset = Commitment.objects.for_user(request.user).select_related("practice", "person")
    if with_pauses:
        queryset = queryset.prefetch_related("pauses")
    return get_object_or_404(queryset, pk=pk)
