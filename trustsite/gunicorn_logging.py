"""gunicorn's access log, minus visits to shared pages.

A shared page (`/p/<token>/`) promises the person who opens it that no record is kept of
who opened it or when. An access-log line would be exactly that record (address, time and
the token), so `make serve` runs gunicorn with this logger class, which writes every
other line as usual.
"""

from gunicorn.glogging import Logger

SHARED_PREFIX = "/p/"


class NoSharedPagesLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO", "").startswith(SHARED_PREFIX):
            return
        super().access(resp, req, environ, request_time)
