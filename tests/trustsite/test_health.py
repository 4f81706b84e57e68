from unittest import mock

from django.db import OperationalError


def test_alive_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/-/alive/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_health_runs_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/-/health/")
    assert response.status_code == 200


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
