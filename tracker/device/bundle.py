"""Every page's scripts as one file, and the favicon inside the page (issue 16).

A first load of Today asked for htmx, steady.js, offline-queue.js, device.js and the
favicon one by one; now it asks for one script. `build()` joins django-htmx's own
htmx-2.min.js (the stack rule: django-htmx's file, never a CDN and never a copy by hand)
and static/js/steady.js, offline-queue.js and device.js, in the order the pages loaded
them, into static/js/bundle.js; and writes static/img/favicon.svg as a data: URI into
templates/tracker/device/favicon.html, which base.html's head includes.

Both outputs are committed, so runserver, the tests and collectstatic (hashed, compressed
names) serve them like any other file, with nothing to build at start-up. The price is
one rule: after editing one of those sources, or upgrading django-htmx, run

    make bundle        # python -m tracker.device.bundle

tests/tracker/device/test_bundle.py fails while an output differs from what this builds.
The service worker still imports static/js/offline-queue.js on its own (sw.js).
"""

from importlib import metadata, resources
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "static" / "js" / "bundle.js"
FAVICON = ROOT / "static" / "img" / "favicon.svg"
FAVICON_TEMPLATE = ROOT / "templates" / "tracker" / "device" / "favicon.html"
HTMX = "django_htmx/htmx-2.min.js"
# Steady's own scripts under static/, after htmx: offline-queue.js defines SteadyQueue,
# which device.js reads as soon as it runs.
SCRIPTS = ["js/steady.js", "js/offline-queue.js", "js/device.js"]


def htmx_path() -> Path:
    """The htmx that django-htmx ships and its `{% htmx_script %}` tag would serve."""
    return Path(str(resources.files("django_htmx") / "static" / HTMX))


def build_bundle() -> str:
    version = metadata.version("django-htmx")
    parts = [(f"{HTMX} (django-htmx {version})", htmx_path())]
    parts += [(name, ROOT / "static" / name) for name in SCRIPTS]
    # Each part ends with ";": a file without a final semicolon cannot run into the next.
    body = "\n".join(
        f"/* {name} */\n{path.read_text(encoding='utf-8').rstrip()}\n;" for name, path in parts
    )
    return (
        "/* Steady's scripts in one file: built by `make bundle` (tracker/device/bundle.py)"
        " from the files named below. Do not edit: edit those and build again. */\n"
        f"{body}\n"
    )


def favicon_data_uri() -> str:
    """static/img/favicon.svg as a data: URI, percent-encoded to sit in an attribute
    (its double quotes made single first: the same SVG, a third shorter encoded)."""
    svg = " ".join(FAVICON.read_text(encoding="utf-8").split()).replace('"', "'")
    return "data:image/svg+xml," + quote(svg, safe="/:=.,-'")


def build_favicon_template() -> str:
    return (
        "{# Built by `make bundle` (tracker/device/bundle.py) from static/img/favicon.svg:"
        " do not edit. Inside the page, the favicon costs no request. #}\n"
        f'  <link rel="icon" href="{favicon_data_uri()}" type="image/svg+xml">\n'
    )


def outputs() -> dict[Path, str]:
    """Each file this builds, with the text it should hold now."""
    return {BUNDLE: build_bundle(), FAVICON_TEMPLATE: build_favicon_template()}


def main() -> None:
    for path, text in outputs().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
