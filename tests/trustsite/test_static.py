"""Static files: compressed, hashed names with long-lived caching, after collectstatic."""

import gzip

import pytest
from django.core.management import call_command
from django.test import Client

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST},
    }
    settings.WHITENOISE_MAX_AGE = 31536000
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    # Whitenoise scans STATIC_ROOT when its middleware is built: build a fresh handler.
    return Client()


def test_pages_link_hashed_names_and_files_are_served_compressed_and_immutable(collected, db):
    html = collected.get("/").content.decode()
    import re

    css = re.search(r'href="(/static/css/steady\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet should be linked by its hashed name"
    response = collected.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert b"--accent" in gzip.decompress(body)
