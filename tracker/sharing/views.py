"""The shared page the person opens (no sign-in), and the helper's side of it: the person
page with the link's state, what it shows, and a preview exactly as they see it.

The public views are marked `no_trace` (no cookies, no indexing, no referrer, no cache)
and do not read the session or the signed-in user: the page is the same for anyone with
the link, and nothing about the visit is kept.
"""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tracker.cache import get_or_build
from tracker.commitments.models import Commitment, Person
from tracker.emails import absolute_url
from tracker.http import render_page
from tracker.repairs.models import Repair
from tracker.sharing import limits, services
from tracker.sharing.feed import build_shared_calendar
from tracker.sharing.forms import SharedCommitmentsForm, ShareForm
from tracker.sharing.middleware import no_trace
from tracker.sharing.models import PersonShare
from tracker.sharing.page import (
    build_shared_page,
    repair_notes,
    shared_commitments,
)

SHARED_TEMPLATE = "tracker/sharing/shared.html"


# --- The person's side: no sign-in -------------------------------------------------------


def _open_share(request: HttpRequest, token: str) -> tuple[PersonShare | None, int]:
    """The live share for a token, or (None, status): 404 for any wrong, revoked or
    expired token (after the same wait), 429 once this client asks too often."""
    started = time.monotonic()
    if limits.over_limit(request):
        return None, 429
    share = PersonShare.objects.open_link(token, now=timezone.now()).first()
    if share is None or not share.matches(token):
        limits.wait_out(started)
        return None, 404
    return share, 200


def _gone(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "tracker/sharing/gone.html", {"status": status}, status=status)


def _links(share: PersonShare) -> dict:
    page_url = absolute_url(reverse("tracker:shared-page", args=[share.token]))
    feed_url = absolute_url(reverse("tracker:shared-feed", args=[share.token]))
    return {
        "page_url": page_url,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }


def _record_html(share: PersonShare) -> str:
    """The page's record (what is coming up, what happened), rendered once per change.

    Building and drawing eight weeks of it costs far more than reading it, and it changes
    only when the helper records or edits something (or the day turns), so it is cached
    under the helper's data version (tracker.cache); from the cache it reads nothing.
    """
    owner = share.person.owner
    today = owner.local_today()

    def build() -> str:
        commitments = shared_commitments(share.person, today=today)
        notes = repair_notes(commitments, today=today)
        page = build_shared_page(share, commitments=commitments, notes=notes, today=today)
        with timezone.override(owner.zone):
            return render_to_string(f"{SHARED_TEMPLATE}#record", {"page": page})

    key = (share.pk, share.shown_name, today.isoformat(), owner.time_zone, owner.week_start)
    return get_or_build("shared", owner.pk, key, build=build)


def _render_shared(request: HttpRequest, share: PersonShare, *, preview: bool) -> HttpResponse:
    links = _links(share) if share.is_live() else {}
    context = {
        "share": share,
        "record_html": _record_html(share),
        "preview": preview,
        **links,
    }
    return render(request, SHARED_TEMPLATE, context)


@no_trace
@require_GET
def shared_page(request: HttpRequest, token: str) -> HttpResponse:
    share, status = _open_share(request, token)
    if share is None:
        return _gone(request, status)
    return _render_shared(request, share, preview=False)


@no_trace
@require_GET
def shared_feed(request: HttpRequest, token: str) -> HttpResponse:
    share, status = _open_share(request, token)
    if share is None:
        return HttpResponse(status=status, content_type="text/plain; charset=utf-8")
    body = build_shared_calendar(build_shared_page(share), share_pk=share.pk)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="promises.ics"'
    return response


# --- The helper's side ------------------------------------------------------------------


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.for_user(request.user).select_related("owner"), pk=pk)


def _share_of(person: Person) -> PersonShare | None:
    return PersonShare.objects.filter(person=person).first()


def _their_commitments(person: Person):
    return Commitment.objects.filter(owner_id=person.owner_id, person=person).order_by(
        "status", "kind", "title", "pk"
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return _person_page(request, person)


def _person_page(request, person, *, share_form=None, choice_form=None, status=200):
    share = _share_of(person)
    commitments = _their_commitments(person)
    if share_form is None:
        share_form = ShareForm(
            instance=share,
            initial={"shown_name": request.user.display_name} if share is None else {},
        )
    if choice_form is None:
        choice_form = SharedCommitmentsForm(
            initial={"shared": [c.pk for c in commitments if c.shared]}, commitments=commitments
        )
    live = share is not None and share.is_live()
    preview_share = share or PersonShare(person=person, shown_name=request.user.display_name)
    context = {
        "nav": "account",
        "person": person,
        "share": share,
        "live": live,
        "expired": share is not None and share.is_expired(),
        "share_form": share_form,
        "choice_form": choice_form,
        "has_commitments": commitments.exists(),
        "page": build_shared_page(preview_share),
        "repairs": Repair.objects.for_user(request.user)
        .filter(checkin__commitment__person=person)
        .count(),
        **(_links(share) if live else {}),
    }
    return render_page(request, "tracker/sharing/person.html", context, status=status)


@login_required
@require_POST
def share_save(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    share = _share_of(person)
    form = ShareForm(request.POST, instance=share)
    if not form.is_valid():
        return _person_page(request, person, share_form=form, status=400)
    was_live = share is not None and share.is_live()
    services.save_share(
        person=person,
        shown_name=form.cleaned_data["shown_name"],
        expires_at=form.expires_at(),
        new_link="new_link" in request.POST,
    )
    if "new_link" in request.POST:
        messages.success(request, "The link has a new address. The old one no longer works.")
    elif was_live:
        messages.success(request, "Your changes to the link are saved.")
    else:
        messages.success(request, f"The link is ready. Send it to {person.name} if they'd like it.")
    return redirect("tracker:person", person.pk)


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    services.revoke_share(person=person)
    messages.success(request, f"Sharing has stopped. The link no longer opens for {person.name}.")
    return redirect("tracker:person", person.pk)


@login_required
@require_POST
def share_choose(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = SharedCommitmentsForm(request.POST, commitments=_their_commitments(person))
    if not form.is_valid():
        return _person_page(request, person, choice_form=form, status=400)
    count = services.set_shared(person=person, chosen=list(form.cleaned_data["shared"]))
    messages.success(
        request,
        f"Their page shows {count} commitment{'s' if count != 1 else ''}."
        if count
        else "Their page shows no commitments now.",
    )
    return redirect("tracker:person", person.pk)


@login_required
@require_GET
def share_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared page exactly as the person sees it, whether or not the link is live."""
    person = _person(request, pk)
    share = _share_of(person) or PersonShare(person=person, shown_name=request.user.display_name)
    return _render_shared(request, share, preview=True)
