"""The one way a tracker page is rendered, and where a POST goes back to.

Every tracker view answers through `render_page`: dates and times show in the signed-in
user's time zone, an HTMX request can get one `{% partialdef %}` of the page instead of
all of it, and the response says `Vary: HX-Request` because one URL returns both.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

# --- Helpers ------------------------------------------------------------------------------


def user_zone(request: HttpRequest) -> ZoneInfo:
    """The zone a page shows times in: the user's own, or the site's when signed out."""
    user = request.user
    return user.zone if user.is_authenticated else timezone.get_default_timezone()


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    status: int = 200,
    *,
    partial: str | None = None,
) -> HttpResponse:
    """Render `template` with dates in the user's time zone.

    With `partial`, an HTMX request gets only that `{% partialdef %}` of the template
    (a plain request still gets the whole page). Either way the response varies on
    HX-Request, so no cache hands a fragment to a full-page load or the other way round.
    """
    if partial and request.htmx:
        template = f"{template}#{partial}"
    with timezone.override(user_zone(request)):
        response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def fragment(html: str) -> HttpResponse:
    """An HTMX answer of ready HTML (from the cache, say): one region of a page, so it
    varies on HX-Request as `render_page`'s do."""
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    return response


def safe_next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to after a POST: the posted `next` if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- Messages shown beside the control that was used -------------------------------------

PLACED = "placed-"


def place_message(request: HttpRequest, place: str, text: str) -> None:
    """A "saved" message for the page the POST redirects to, shown beside the control in
    `place` (a section of that page) rather than only at the top of the page."""
    messages.success(request, text, extra_tags=PLACED + place)


def placed_messages(request: HttpRequest, *places: str) -> dict:
    """Context that puts pending messages where they belong: `placed` maps each of
    `places` to its texts, and `messages` (overriding the context processor's) keeps the
    rest for the page's live region at the top. A message for a place this page does
    not have stays at the top, so nothing is ever lost."""
    placed: dict[str, list[str]] = {place: [] for place in places}
    others = []
    for message in messages.get_messages(request):
        tags = message.extra_tags or ""
        place = tags.removeprefix(PLACED)
        if tags.startswith(PLACED) and place in placed:
            placed[place].append(str(message))
        else:
            others.append(message)
    return {"placed": placed, "messages": others}


def positive_int(value: str | None, *, limit: int = 2**31 - 1) -> int | None:
    """A whole number from 1 to `limit` written in ASCII digits (a row id, a page
    number), else None. `str.isdigit` alone lets "²" through, which `int` refuses, and
    a 30-digit id overflows the database's integer."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= limit else None
