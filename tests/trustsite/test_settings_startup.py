"""Start-up with production-like environments, each in a fresh Python process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "trustsite.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "steady.example"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "DATABASE_URL": "postgres//broken"},
            "DATABASE_URL",
        ),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "SECURE_HSTS_SECONDS": "lots"},
            "SECURE_HSTS_SECONDS",
        ),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "TRUSTED_PROXY_COUNT": "one"},
            "TRUSTED_PROXY_COUNT",
        ),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "LOGIN_FAILURE_LIMIT": "0"},
            "LOGIN_FAILURE_LIMIT",
        ),
        # Renamed when allauth replaced django-axes: a deployment still setting it hears so.
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "AXES_FAILURE_LIMIT": "5"},
            "LOGIN_FAILURE_LIMIT",
        ),
    ],
)
def test_bad_environment_stops_start_up_naming_the_variable(overrides, named):
    result = run_check(overrides)
    assert result.returncode != 0
    assert named in result.stderr


def test_debug_is_off_unless_set():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            "DJANGO_SETTINGS_MODULE": "trustsite.settings",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "steady.example",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_the_proxy_variables_drive_allauths_client_address():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from allauth import app_settings as a; print(a.TRUSTED_PROXY_COUNT, a.TRUSTED_CLIENT_IP_HEADER)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            "DJANGO_SETTINGS_MODULE": "trustsite.settings",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "steady.example",
            "TRUSTED_PROXY_COUNT": "2",
            "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "2 X-Real-IP", result.stderr


def test_production_settings_are_secure_by_default():
    from trustsite import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert production.USE_TZ is True
    assert production.TIME_ZONE == "UTC"
    assert production.X_FRAME_OPTIONS == "DENY"
    sqlite = production.SQLITE_DATABASE
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert sqlite["OPTIONS"]["timeout"] >= 5


def test_the_documented_proxy_set_up_passes_the_deployment_check():
    """README's deployment steps (behind a TLS proxy) and `check --deploy --fail-level
    WARNING` agree."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE"))
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "trustsite.settings",
        "SECRET_KEY": "k-" + "x7Q9" * 20,
        "ALLOWED_HOSTS": "steady.example",
        "SITE_URL": "https://steady.example",
        "EMAIL_HOST": "smtp.example.org",
        "BEHIND_TLS_PROXY": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_health_endpoints_answer_plain_http_with_the_redirect_on(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/-/alive/").status_code == 200
    assert client.get("/-/health/").status_code == 200
    assert client.get("/guide/").status_code == 301
