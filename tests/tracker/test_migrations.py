"""`migrate` works on an empty database and on a copy of one filled by the benchmark's seed.

Each step runs `manage.py` in its own process on its own SQLite file, with the real
settings, exactly as `make run` and `make serve` would; the test database is untouched.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

COUNTS = """
import json
from tracker import models
from tracker.journal.models import BoundaryTest, ListeningNote, Reflection
print("COUNTS=" + json.dumps({
    model.__name__: model.objects.count()
    for model in (models.User, models.Person, models.Commitment, models.CheckIn,
                  ListeningNote, Reflection, BoundaryTest)
}))
"""


def manage(database: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trustsite.settings",
        "DEBUG": "true",
        "SQLITE_PATH": str(database),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def counts(database: Path) -> dict:
    output = manage(database, "shell", "--no-imports", "-c", COUNTS)
    return json.loads(output.split("COUNTS=", 1)[1])


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty database file, migrated from nothing."""
    database = tmp_path_factory.mktemp("migrations") / "empty.sqlite3"
    manage(database, "migrate", "--noinput")
    return database


@pytest.fixture(scope="module")
def seeded(migrated, tmp_path_factory) -> Path:
    """A copy of the migrated database, filled by bench/seed.py as `make bench` does."""
    database = tmp_path_factory.mktemp("migrations") / "seeded.sqlite3"
    shutil.copy(migrated, database)
    manage(
        database,
        "shell",
        "--no-imports",
        "-c",
        "from bench.seed import seed, seed_oldest; seed(); seed_oldest()",
    )
    return database


def test_migrate_builds_an_empty_database_from_nothing(migrated):
    manage(migrated, "migrate", "--check")  # fails when anything is left unapplied
    manage(migrated, "makemigrations", "--check", "--dry-run")
    assert set(counts(migrated).values()) == {0}


def test_migrate_alone_makes_the_shared_cache_table(migrated):
    """The sign-up and reset throttles count in the shared cache: a fresh deployment that
    runs only `migrate` must have its table."""
    script = "from django.core.cache import caches; c = caches['default']; c.set('k', 7); "
    script += "print('CACHED=' + str(c.get('k')))"
    assert "CACHED=7" in manage(migrated, "shell", "--no-imports", "-c", script)


def test_migrate_on_a_copy_of_a_seeded_database_keeps_every_row(seeded, tmp_path):
    database = tmp_path / "copy.sqlite3"
    shutil.copy(seeded, database)
    before = counts(database)
    assert before["Commitment"] == 21  # 20, and the routine from 1900 (seed_oldest)
    assert before["CheckIn"] > 1000
    assert "No migrations to apply" in manage(database, "migrate", "--noinput")
    # Back to before the data area's tables, and forward again, on the filled database.
    manage(database, "migrate", "tracker", "0002_journal", "--noinput")
    manage(database, "migrate", "--noinput")
    manage(database, "migrate", "--check")
    assert counts(database) == before
