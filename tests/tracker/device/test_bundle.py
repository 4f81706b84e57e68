"""One script and one stylesheet a page, the favicon inside it (issue 16), and the bundle
built from django-htmx's htmx and Steady's scripts as they are now."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django_htmx.jinja import htmx_script

from tests.tracker.factories import routine
from tracker.device import bundle

BUNDLE_URL = "/static/js/bundle.js"
STYLESHEET_URL = "/static/css/steady.css"


def fetched(html: str) -> dict[str, list[str]]:
    """What a browser fetches for a page as it loads, besides the page itself."""
    return {
        "scripts": re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html),
        "stylesheets": re.findall(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"', html),
        "icons": [
            href
            for href in re.findall(r'<link\b[^>]*\brel="icon"[^>]*\bhref="([^"]+)"', html)
            if not href.startswith("data:")
        ],
        "images": [
            src
            for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', html)
            if not src.startswith("data:")
        ],
    }


def test_the_bundle_and_the_favicon_are_built_from_the_sources_as_they_are():
    stale = [
        str(path.relative_to(bundle.ROOT))
        for path, text in bundle.outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date: {', '.join(stale)}. Run `make bundle` and commit them."


def test_the_bundle_holds_the_htmx_that_django_htmx_serves_then_steadys_scripts():
    # The file {% htmx_script %} links, found where the static files finders find it.
    src = re.search(r'src="/static/([^"]+)"', htmx_script()).group(1)
    htmx = Path(finders.find(src)).read_text(encoding="utf-8").rstrip()
    text = bundle.BUNDLE.read_text(encoding="utf-8")
    own = [Path(finders.find(name)).read_text(encoding="utf-8").rstrip() for name in bundle.SCRIPTS]
    places = [text.index(part) for part in [htmx, *own]]
    # In the order the pages loaded them: offline-queue.js defines what device.js reads.
    assert places == sorted(places)
    assert finders.find("js/bundle.js") == str(bundle.BUNDLE)


def test_the_favicon_inside_the_page_is_the_favicon_file():
    html = (bundle.ROOT / "templates/tracker/device/favicon.html").read_text()
    uri = re.search(r'href="(data:image/svg\+xml,[^"]+)"', html).group(1)
    from urllib.parse import unquote

    svg = bundle.FAVICON.read_text(encoding="utf-8")
    assert unquote(uri.removeprefix("data:image/svg+xml,")) == " ".join(svg.split()).replace(
        '"', "'"
    )


@pytest.mark.parametrize("path", ["/today/", "/progress/", "/journal/", "/offline/"])
def test_a_signed_in_page_loads_one_script_and_one_stylesheet(owner_client, owner, path):
    routine(owner, title="Walk with Sam", start_date=owner.local_today())
    response = owner_client.get(path)
    assert response.status_code == 200
    assert fetched(response.content.decode()) == {
        "scripts": [BUNDLE_URL],
        "stylesheets": [STYLESHEET_URL],
        "icons": [],
        "images": [],
    }


def test_a_first_load_of_today_is_at_most_four_requests(owner_client, owner):
    # Issue 16's goal, as the benchmark counts it in a browser: the page and what it loads.
    routine(owner, title="Walk with Sam", start_date=owner.local_today())
    html = owner_client.get("/today/").content.decode()
    assert 1 + sum(len(urls) for urls in fetched(html).values()) <= 4
    assert '<link rel="icon" href="data:image/svg+xml,' in html
    script = re.search(r'<script\b[^>]*\bsrc="/static/js/bundle\.js"[^>]*>', html).group(0)
    assert " defer" in script and "nonce=" in script


def test_a_public_page_loads_the_same_two_files(client, db):
    html = client.get("/").content.decode()
    assert fetched(html)["scripts"] == [BUNDLE_URL]
    assert fetched(html)["stylesheets"] == [STYLESHEET_URL]


def test_the_worker_keeps_every_file_the_offline_page_loads(client, db):
    source = client.get("/sw.js").content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("self.STEADY = ").rstrip(";"))
    files = fetched(client.get("/offline/").content.decode())
    for url in files["scripts"] + files["stylesheets"]:
        assert url in config["assets"]
    # And every file it keeps exists, under the name the pages use.
    for url in [*config["assets"], config["queueScript"]]:
        assert finders.find(url.removeprefix("/static/")), url
