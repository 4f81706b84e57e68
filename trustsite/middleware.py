from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from tracker.cache import data_changed, renewing_after_request


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


class DataVersionMiddleware:
    """After any unsafe request (POST and the like) by a signed-in user, their cached
    pages are rebuilt on the next read (tracker.cache: the data version).

    Every write a person makes comes through such a request, so marking it here covers
    them all, including ones added later, without each view having to remember. It runs
    after the view has returned, when its transactions have committed. A request that
    changed nothing costs one rebuild. (Writes outside a request, such as the admin's or
    a task's, renew versions through model signals: tracker.cache.connect_signals.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        # Their rows' signals leave the renewing to us (once, below), not once per row.
        token = renewing_after_request.set(user_id)
        try:
            response = self.get_response(request)
        finally:
            renewing_after_request.reset(token)
            if user_id is not None:
                data_changed(user_id)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.pk != user_id:
                data_changed(user.pk)  # signed in by this request
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


class RejectMalformedRequestsMiddleware:
    """Answer 400 to a request carrying a NUL byte or an over-long value, before any view.

    PostgreSQL refuses text holding NUL (the driver raises, the page would be a 500), and
    no real link, form or cookie holds one; nor does any real URL run to thousands of
    characters. Checked here once, so no view has to remember it.
    """

    MAX_PATH = 2000
    MAX_VALUE = 10_000

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._malformed(request):
            return HttpResponseBadRequest(
                "That address holds characters or a length Steady does not accept.\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _malformed(self, request) -> bool:
        if len(request.path) > self.MAX_PATH or "\x00" in request.path:
            return True
        values = [*request.GET.keys(), *request.COOKIES.values()]
        values += [item for _, items in request.GET.lists() for item in items]
        return any("\x00" in value or len(value) > self.MAX_VALUE for value in values)
