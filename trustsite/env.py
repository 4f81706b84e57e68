"""Strict readers for settings that come from environment variables.

Each helper raises ImproperlyConfigured naming the variable when its value cannot be
understood, so a typo such as DEBUG=maybe stops start-up instead of silently meaning False.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return the variable's text, the default when unset, or raise if required and unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return True or False for 1/0, true/false, yes/no, on/off; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be true or false (1/0, yes/no, on/off), "
        f"not {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as a whole number, or raise naming the variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be at least {minimum}, not {number}."
        )
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default: dict) -> dict:
    """Return a DATABASES entry parsed from a URL, or the default when the variable is unset.

    `postgres://…` gives a PostgreSQL connection. `sqlite:///path/to/file.sqlite3` (the
    convention other Django projects use) gives the default SQLite set-up, with its
    options, on that file.
    """
    import dj_database_url

    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        config = dj_database_url.parse(value.strip(), conn_max_age=600, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises ValueError and others on junk
        raise ImproperlyConfigured(
            f"The environment variable {name} is not a database URL Steady understands "
            f"({error}). Example: postgres://user:password@127.0.0.1:5432/steady"
        ) from None
    engine = config.get("ENGINE")
    name_given = config.get("NAME") not in (None, "", ":memory:")
    if engine == "django.db.backends.sqlite3" and name_given:
        return {**default, "ENGINE": engine, "NAME": config["NAME"]}
    if engine != "django.db.backends.postgresql" or not name_given:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a postgres:// URL with a database "
            "name, or sqlite:///path/to/file.sqlite3; leave it unset to use the built-in "
            "SQLite database."
        )
    return config


def env_base64url(name: str, *, length: int) -> str:
    """Return a base64url value (padding optional) that decodes to `length` bytes, or ""
    when unset; anything else is an error naming the variable."""
    import base64
    import binascii

    value = (os.environ.get(name) or "").strip()
    if not value:
        return ""
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) != length:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be base64url text of {length} bytes "
            f"(for example, what `vapid --gen` or `web-push generate-vapid-keys` prints)."
        )
    return value.rstrip("=")
