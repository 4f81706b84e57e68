"""Template tags for the site's frame (base.html), loaded as `{% load site %}`."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tracker.cache import CSRF_PLACEHOLDER

register = template.Library()

# Rendered navigation by (current section, signed in). The nav reverses nine URLs and
# holds nothing personal, so each variant is drawn once per process; only its sign-out
# form's CSRF token differs per response. (Not kept while developing, so template edits
# show at once.)
_navs: dict[tuple[str, bool], str] = {}


@register.simple_tag(takes_context=True)
def site_nav(context, nav: str = "") -> str:
    user = context.get("user")
    key = (nav or "", bool(user is not None and user.is_authenticated))
    html = _navs.get(key)
    if html is None:
        html = render_to_string(
            "includes/nav.html",
            {"nav": key[0], "signed_in": key[1], "csrf_token": CSRF_PLACEHOLDER},
        )
        if not settings.DEBUG:
            _navs[key] = html
    if key[1]:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    return mark_safe(html)  # noqa: S308 - our own template, escaped there
