import pytest
from django.core.exceptions import ImproperlyConfigured

from trustsite.env import env_bool, env_database, env_int, env_list, env_str


@pytest.mark.parametrize("value", ["maybe", "2", "tru", "enabled"])
def test_env_bool_rejects_junk_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("1", True),
        ("YES", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("", False),
    ],
)
def test_env_bool_reads_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env_bool("DEBUG", not expected) is expected


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", True) is True


def test_env_int_rejects_words_and_too_small(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587)
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587, minimum=1)
    monkeypatch.setenv("EMAIL_PORT", " 25 ")
    assert env_int("EMAIL_PORT", 587) == 25


def test_env_str_required(monkeypatch):
    monkeypatch.delenv("SECRET_KEY_X", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_X"):
        env_str("SECRET_KEY_X", required=True)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , ,b.example")
    assert env_list("ALLOWED_HOSTS") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    "url", ["not a url", "mysql://", "postgres://", "redis://localhost:6379/0", "http://x"]
)
def test_broken_database_url_names_the_variable(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", {})


def test_database_url_gives_persistent_health_checked_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@127.0.0.1:5432/steady")
    config = env_database("DATABASE_URL", {})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "steady"
    assert config["CONN_MAX_AGE"] == 600
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_sqlite_url_gives_the_usual_sqlite_set_up_on_that_file(monkeypatch, tmp_path):
    default = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x", "OPTIONS": {"timeout": 20}}
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/steady.sqlite3")
    config = env_database("DATABASE_URL", default)
    assert config == {**default, "NAME": f"{tmp_path}/steady.sqlite3"}
