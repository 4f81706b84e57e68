"""The access log that `make serve` uses keeps no line about shared pages."""

from types import SimpleNamespace

from gunicorn.config import Config

from trustsite.gunicorn_logging import NoSharedPagesLogger


def logged(path: str, capsys) -> str:
    config = Config()
    config.set("accesslog", "-")
    logger = NoSharedPagesLogger(config)
    response = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    request = SimpleNamespace(headers=[], method="GET", path=path, query="", version=(1, 1))
    environ = {
        "PATH_INFO": path,
        "RAW_URI": path,
        "REQUEST_METHOD": "GET",
        "REMOTE_ADDR": "10.1.2.3",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    logger.access(response, request, environ, SimpleNamespace(seconds=0, microseconds=5))
    return capsys.readouterr().out


def test_visits_to_shared_pages_are_not_logged(capsys):
    assert logged("/p/some-token/", capsys) == ""
    assert logged("/p/some-token/calendar.ics", capsys) == ""


def test_other_requests_are_logged_as_usual(capsys):
    assert "/today/" in logged("/today/", capsys)
