"""The installable app: the web app manifest, the service worker and the offline page.

All three are public and the same for everyone: the worker caches the offline page and
the hashed static files listed in `PUBLIC_ASSETS`, and nothing private unless the person
chose "Keep Today on this phone" on that device (see static/js/sw.js).
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# Light and dark: the manifest holds one pair (the light one); base.html's theme-color
# tags give the dark one to browsers that follow the colour scheme.
THEME_LIGHT = "#1f5f5b"
THEME_DARK = "#121816"
BACKGROUND_LIGHT = "#fbfaf7"

# What every page needs to draw itself, cached by the worker so the offline page looks
# like Steady. Hashed names in production (ManifestStaticFilesStorage), so a deploy
# changes the list, which changes the worker, which replaces the cache.
# The pages' one script is the bundle (tracker/device/bundle.py) and their favicon is
# inside the page; the worker imports js/offline-queue.js itself (`queueScript`).
PUBLIC_ASSETS = [
    "css/steady.css",
    "js/bundle.js",
    "img/icon-192.png",
]


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    document = {
        "name": "Steady",
        "short_name": "Steady",
        "description": "Small promises, kept: record them and see your follow-through.",
        "id": "/today/",
        "start_url": reverse("tracker:today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_LIGHT,
        "background_color": BACKGROUND_LIGHT,
        "lang": "en-GB",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(json.dumps(document), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _worker_source() -> str:
    """static/js/sw.js, after one line naming this deploy's asset URLs."""
    source = (settings.BASE_DIR / "static" / "js" / "sw.js").read_text(encoding="utf-8")
    config = {
        "assets": [static(path) for path in PUBLIC_ASSETS],
        "queueScript": static("js/offline-queue.js"),
        "offline": reverse("tracker:offline"),
        "today": reverse("tracker:today"),
    }
    version = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    config["version"] = version
    return f"self.STEADY = {json.dumps(config)};\n{source}"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on every navigation; never a stale copy.
    response["Cache-Control"] = "no-cache, max-age=0"
    # Served from the root already; said explicitly so a proxy rewriting paths keeps it.
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows for a page it cannot fetch (fetched signed out)."""
    return render(request, "tracker/device/offline.html", {})
