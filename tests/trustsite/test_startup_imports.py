"""What a worker imports before its first request (issue 16's memory budget).

Each package below is megabytes that every worker would hold for the few requests that use
it, so each is imported where it is used: an import (jsonschema), a calendar poll
(icalendar), a push key or reminder (py_vapid, pywebpush, requests), a guide edit
(markdown-it, nh3), profiling (pyinstrument).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = [
    "jsonschema",
    "icalendar",
    "py_vapid",
    "pywebpush",
    "http_ece",
    "requests",
    "markdown_it",
    "nh3",
    "pyinstrument",
]
# A worker's start: the WSGI application and every URL pattern (so every views module).
LOAD = """
import json, sys
from trustsite.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in sys.modules if "." not in name)))
"""


def test_a_worker_starts_without_the_packages_only_a_few_requests_need(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SESSION_CACHE_DIR": str(tmp_path / "sessions"),
    }
    result = subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "django_htmx" in loaded and "tracker" in loaded  # it did load the site
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))
