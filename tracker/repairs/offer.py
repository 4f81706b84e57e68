"""Offering the repair flow right after a miss (or a late arrival) is recorded.

Called by the check-in view with its response. A plain POST is sent on to the repair
page (which says "Not now" as plainly as "Save"); an HTMX request keeps its refreshed
row and gets a short, dismissable offer placed right after it, out of band.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from tracker.commitments.schedule import Occurrence, State
from tracker.repairs.models import REPAIRABLE_STATES, Repair


def repair_url(checkin, *, next_url: str = "") -> str:
    url = reverse("tracker:repair", args=[checkin.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def repair_link(checkin, *, next_url: str) -> tuple[str, str] | None:
    """(label, URL) of the repair for a recorded miss or late arrival, for the check-in
    page: after "Not now" a repair can still be written there, and edited later."""
    if checkin is None or checkin.state not in REPAIRABLE_STATES:
        return None
    label = "Edit your repair" if hasattr(checkin, "repair") else "Write a repair"
    return label, repair_url(checkin, next_url=next_url)


def offer_repair(
    request: HttpRequest,
    response: HttpResponse,
    *,
    checkin,
    before: str | None,
    next_url: str,
) -> HttpResponse:
    """`response`, or the repair offer with it: once, when the state has just become
    Missed or Late and no repair was written for this check-in yet."""
    if (
        checkin.state not in REPAIRABLE_STATES
        or checkin.state == before
        or Repair.objects.filter(checkin=checkin).exists()
    ):
        return response
    if not request.htmx:
        # "Not now" then lands where the recording would have (Today at the row, with
        # what was recorded and Undo), not merely on the page it came from.
        return HttpResponseRedirect(
            repair_url(checkin, next_url=response.get("Location") or next_url)
        )
    url = repair_url(checkin, next_url=next_url)
    key = Occurrence(checkin.commitment_id, checkin.occurrence_date).key
    if f'id="{key}"'.encode() not in response.content:
        return response  # the row went away: nothing to place the offer after
    response.content += render_to_string(
        "tracker/repairs/offer.html",
        {"url": url, "row_key": key, "checkin": checkin, "missed": checkin.state == State.MISSED},
    ).encode()
    return response
