"""Site-wide views: health endpoints, the benchmark baseline, and error pages."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def alive(request: HttpRequest) -> HttpResponse:
    """Say the process is up; touches no database, so a load balancer can poll it cheaply."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Run one query; 503 with a short body when the database cannot answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_safe
def baseline(request: HttpRequest) -> HttpResponse:
    """The bare base template through the full middleware stack: the bench's yardstick."""
    return render(request, "baseline.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A styled 403 for a failed CSRF check (most often a form left open too long)."""
    return render(request, "403_csrf.html", status=403)
