from django.conf import settings
from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesMiddleware:
    """Mark every response to a signed-in user `Cache-Control: no-store`.

    Private pages must never sit in a shared cache or the browser's back-forward cache.
    Requests without a session cookie are anonymous, so they skip the session lookup and
    the health endpoints stay free of database queries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_vary_headers(response, ["Cookie"])
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)
                response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
        return response


class HtmxMessagesMiddleware:
    """Deliver pending Django messages with HTMX responses as an out-of-band swap.

    A full page shows messages in base.html's live region. An HTMX response only replaces
    a fragment, so the same region is appended with `hx-swap-oob` and screen readers
    announce it. Redirects are left alone: the next page shows the messages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and not request.htmx.boosted
            and 200 <= response.status_code < 300
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and "HX-Redirect" not in response
            and "HX-Location" not in response
        ):
            pending = list(messages.get_messages(request))
            if pending:
                response.content += render_to_string(
                    "includes/messages.html",
                    {"messages": pending, "oob": True},
                ).encode()
        return response
