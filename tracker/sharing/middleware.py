"""Pages a helper shares leave no trace: no cookies, no indexing, no referrer, no cache.

The shared page is read by someone who never signed up. Session, CSRF and messages
middleware may each set a cookie on any response (an expired session is cleared, a
malformed CSRF cookie replaced), so a view cannot promise "no cookies" by itself. It
marks the request with `no_trace`, and this middleware, first in MIDDLEWARE so it sees
the response last, drops every cookie and sets the privacy headers, on the page and on
its "not found" and "too many requests" answers alike.
"""

from functools import wraps

from django.utils.cache import add_never_cache_headers

NO_TRACE = "_steady_no_trace"


def no_trace(view):
    """Mark a view's requests as leaving no trace (see `NoTraceMiddleware`)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        setattr(request, NO_TRACE, True)
        return view(request, *args, **kwargs)

    return wrapped


class NoTraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, NO_TRACE, False):
            response.cookies.clear()
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
            response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
            response["Referrer-Policy"] = "no-referrer"
        return response
