"""The one way a tracker page is rendered, and where a POST goes back to."""

from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

# --- Helpers ------------------------------------------------------------------------------


def render_page(request: HttpRequest, template: str, context: dict, status: int = 200):
    """Render with dates shown in the signed-in user's time zone."""
    user = request.user
    zone = user.zone if user.is_authenticated else timezone.get_default_timezone()
    with timezone.override(zone):
        response = render(request, template, context, status=status)
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
