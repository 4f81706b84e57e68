"""Search over the published guide: clean the query, find items, build safe excerpts."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guidance.models import Part, Practice, Publishable

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
EXCERPT_RADIUS = 90


@dataclass(frozen=True)
class Result:
    item: Publishable
    excerpt: SafeString


def clean_query(raw: str) -> str:
    """The query as searched: no control characters, single spaces, at most 200 chars.

    Control characters (a NUL byte above all) would make PostgreSQL refuse the query.
    """
    kept = "".join(
        char if unicodedata.category(char)[0] != "C" else " "
        for char in raw[: MAX_QUERY_LENGTH * 2]
    )
    return " ".join(kept.split())[:MAX_QUERY_LENGTH].strip()


def terms_of(query: str) -> list[str]:
    """Distinct words of the query, longest first so a highlight prefers the fuller word."""
    unique = list(dict.fromkeys(word.casefold() for word in query.split()))[:MAX_TERMS]
    return sorted(unique, key=len, reverse=True)


def search(query: str) -> list[Result]:
    """Published parts and practices containing every term, in guide order."""
    terms = terms_of(query)
    if not terms:
        return []
    items = [
        *Part.objects.published().matching(terms).defer("body", "body_html"),
        *Practice.objects.published().matching(terms).defer("body", "body_html"),
    ]
    items.sort(key=lambda item: item.sort_key)
    return [
        Result(item=item, excerpt=excerpt(item.body_text or item.summary, terms)) for item in items
    ]


def excerpt(text: str, terms: list[str]) -> SafeString:
    """A short window of `text` around the first match, matches wrapped in <mark>.

    Every piece of text is escaped before the <mark> tags are added around it.
    """
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        window, start, end = text[: EXCERPT_RADIUS * 2], 0, min(len(text), EXCERPT_RADIUS * 2)
    else:
        start = max(0, first.start() - EXCERPT_RADIUS)
        end = min(len(text), first.end() + EXCERPT_RADIUS)
        # Widen to whole words so the excerpt does not begin or end mid-word.
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        window = text[start:end]
    pieces = []
    position = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped above
