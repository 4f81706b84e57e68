"""Sessions are cached where every worker sees them: ending one in one worker ends it in all.

The site runs several gunicorn workers, each its own process. Each test here starts a
second Python process (another "worker") on the same database and session cache, and asks
it for Today with the same session cookie.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.tracker.accounts.helpers import NEW_PASSWORD, login

ROOT = Path(__file__).resolve().parents[3]

# The other worker: the same settings and this test's database; one long-lived process
# (as a gunicorn worker is) that answers each session key it reads with the status of a
# GET of Today, so anything it kept in its own memory would show.
OTHER_WORKER = """
import os, sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
django.setup()
from django.test import Client
for line in sys.stdin:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = line.strip()
    print(client.get("/today/").status_code, flush=True)
"""


class OtherWorker:
    def __init__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            "SESSION_CACHE_DIR": str(settings.CACHES["sessions"]["LOCATION"]),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", OTHER_WORKER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def status(self, session_key: str) -> int:
        """The status this worker answers /today/ with for this session cookie."""
        self.process.stdin.write(session_key + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def other_worker(transactional_db):
    worker = OtherWorker()
    yield worker
    worker.stop()


def signed_in(owner, password) -> tuple[Client, str]:
    client = Client()
    login(client, owner.email, password)
    assert client.get("/today/").status_code == 200
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def test_signing_out_in_one_worker_signs_out_in_every_other(other_worker, owner, password):
    client, key = signed_in(owner, password)
    assert other_worker.status(key) == 200  # the other worker has read the session too

    client.post("/accounts/logout/")

    assert other_worker.status(key) == 302


def test_a_password_change_ends_the_other_sessions_in_every_worker(other_worker, owner, password):
    here, _key_here = signed_in(owner, password)
    _elsewhere, key_elsewhere = signed_in(owner, password)
    assert other_worker.status(key_elsewhere) == 200
    here.post("/accounts/reauthenticate/", {"password": password})

    here.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert other_worker.status(key_elsewhere) == 302
    assert other_worker.status(here.cookies[settings.SESSION_COOKIE_NAME].value) == 200


def test_the_session_cache_is_shared_by_processes_not_kept_in_each():
    """A per-process cache (memory) would let a session ended elsewhere live on here."""
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert not backend.endswith(("locmem.LocMemCache", "dummy.DummyCache"))
