"""Site-wide views: health endpoints, the benchmark baseline, and error pages."""

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def alive(request: HttpRequest) -> HttpResponse:
    """Say the process is up; touches no database, so a load balancer can poll it cheaply."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


# How long the health check waits for the database's write lock, in milliseconds: a load
# balancer polling every few seconds needs an answer well within its own timeout.
HEALTH_TIMEOUT_MS = 2000


class _RollBack(Exception):
    """Undoes the health check's trial write."""


def _check_database_writes() -> None:
    """Write one row in a transaction and roll it back; raises DatabaseError when the
    database accepts reads but not writes (read-only, or write-locked past the timeout)."""
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            # SQLite takes the write lock at BEGIN (IMMEDIATE): shorten its wait first.
            cursor.execute("PRAGMA busy_timeout")
            usual = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {HEALTH_TIMEOUT_MS:d}")
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    cursor.execute(f"SET LOCAL statement_timeout = {HEALTH_TIMEOUT_MS:d}")
                    cursor.execute(f"SET LOCAL lock_timeout = {HEALTH_TIMEOUT_MS:d}")
                # The table name is the site's own setting, quoted; values are parameters.
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)",  # noqa: S608
                    ["steady-health-check", "", timezone.now()],
                )
                raise _RollBack
        except _RollBack:
            pass
        finally:
            if sqlite:
                cursor.execute(f"PRAGMA busy_timeout = {int(usual):d}")


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Read and (trial) write the database; 503 with a short body when it cannot do both,
    so a load balancer takes this instance out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        _check_database_writes()
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
