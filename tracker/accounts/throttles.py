"""Per-address throttles for sign-up and password reset, counted in the shared cache."""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from tracker.http import render_page

# Sign-up and password-reset requests allowed per address per hour.
THROTTLE_LIMIT = 10
THROTTLE_WINDOW = 60 * 60


def throttled(request: HttpRequest, scope: str) -> bool:
    """Count a POST from this address; True once it is over the hourly limit."""
    from axes.helpers import get_client_ip_address

    # The shared (database) cache, so every server process counts the same requests.
    counts = caches["shared"]
    key = f"throttle:{scope}:{get_client_ip_address(request) or 'unknown'}"
    counts.add(key, 0, THROTTLE_WINDOW)
    try:
        count = counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, THROTTLE_WINDOW)
        count = 1
    return count > THROTTLE_LIMIT


def throttled_response(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "registration/throttled.html",
        {"limit": THROTTLE_LIMIT},
        status=429,
    )
