"""Turn an editor's Markdown into safe HTML, plain text and a reading time.

Rendering happens when an item is saved (see `Publishable.save`), so a page view only
reads stored HTML and never parses Markdown.
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from html import unescape

# markdown-it and nh3 are imported on the first render, not at start-up: only a save in
# the admin (or the seed) renders, and every worker would otherwise hold both (issue 16).


@cache
def _parser():
    from markdown_it import MarkdownIt

    # Raw HTML is let through the parser on purpose: the sanitiser below is the one gate,
    # so a stray <script>, an onerror= attribute or a javascript: link is removed, not shown.
    return MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
        ["replacements", "smartquotes"]
    )


ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "em", "strong", "b", "i",
    "ul", "ol", "li", "a", "blockquote", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

WORDS_PER_MINUTE = 200
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    reading_minutes: int


def sanitise(html: str) -> str:
    """Keep headings, emphasis, lists, links and quotes; drop everything else."""
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
    )


def render(markdown: str) -> Rendered:
    """Return the sanitised HTML, the plain text (for search) and minutes to read."""
    html = sanitise(_parser().render(markdown or ""))
    text = _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()
    words = len(text.split())
    return Rendered(
        html=html, text=text, reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE))
    )
