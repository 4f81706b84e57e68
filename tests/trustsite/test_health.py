import sqlite3
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection

from trustsite import views


def test_alive_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/-/alive/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_health_reads_and_tries_a_write(client, db, django_assert_num_queries):
    # SELECT 1, then a rolled-back INSERT in a savepoint (SQLite also sets and restores
    # its lock wait; PostgreSQL sets its two timeouts).
    with django_assert_num_queries(8 if connection.vendor == "sqlite" else 7):
        response = client.get("/-/health/")
    assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM steady_cache WHERE cache_key = 'steady-health-check'")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_health_is_503_when_the_database_takes_no_writes(client, monkeypatch):
    """A write-locked SQLite file or a read-only PostgreSQL: reads work, writes do not."""
    monkeypatch.setattr(views, "HEALTH_TIMEOUT_MS", 200)
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"])
        other.execute("BEGIN IMMEDIATE")  # holds the write lock, as a stuck writer would
        try:
            started = time.monotonic()
            response = client.get("/-/health/")
            assert time.monotonic() - started < 5
        finally:
            other.rollback()
            other.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        try:
            response = client.get("/-/health/")
        finally:
            connection.close()  # a fresh connection is read-write again
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert client.get("/-/health/").status_code == 200


def test_health_is_503_when_the_database_is_unreachable(client, db):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", refuse):
        response = client.get("/-/health/")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_health_endpoints_are_never_cached(client, db):
    assert "no-cache" in client.get("/-/alive/")["Cache-Control"]
    assert "no-cache" in client.get("/-/health/")["Cache-Control"]
