"""The one way Steady sends an email, and builds an absolute link.

Every email is three templates, `templates/emails/<name>_subject.txt`, `<name>.txt` and
`<name>.html`, sent as text with an HTML alternative. Every link in an email, and every
absolute address a page shows (the calendar feed's), is built by `absolute_url` from
`SITE_URL`, never from the request's Host header, which a client chooses.

Emails about reminders (and the data area's others, which already carried it) name the
user they are for: they get a one-click unsubscribe link and the `List-Unsubscribe`
headers (RFC 2369 and RFC 8058). Emails never carry notes or journal text: only titles,
times and links.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "tracker.data.unsubscribe"
# Every email Steady sends is automatic: out-of-office replies should stay quiet (RFC 3834).
HEADERS = {"Auto-Submitted": "auto-generated"}


# --- Links ------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """The site's public address for `path` (a path from `reverse`, starting with /)."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int) -> str:
    """A signed, non-expiring token naming the user: it works signed out, from any email."""
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = value.get("u") if isinstance(value, dict) else None
    return user_id if isinstance(user_id, int) else None


def unsubscribe_url(user_id: int) -> str:
    return absolute_url(reverse("data-unsubscribe", args=[unsubscribe_token(user_id)]))


# --- Sending ----------------------------------------------------------------------------


def send(*, to: str, template: str, context: dict, unsubscribe_user_id: int | None = None) -> None:
    """Render templates/emails/<template>_subject.txt, .txt and .html, and send them to `to`.

    With `unsubscribe_user_id`, the email carries that user's one-click unsubscribe link
    (in its footer and its List-Unsubscribe headers).
    """
    headers = dict(HEADERS)
    context = {**context, "site_url": absolute_url("")}
    if unsubscribe_user_id is not None:
        link = unsubscribe_url(unsubscribe_user_id)
        context["unsubscribe_url"] = link
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


def in_house_style(message: EmailMessage) -> EmailMessage:
    """An email rendered elsewhere (django-allauth's account emails, from its own templates)
    with what every Steady email has: the headers above and an HTML part in the house style
    (`emails/account.html`) when it came as plain text only."""
    if not getattr(message, "alternatives", None) and hasattr(message, "attach_alternative"):
        html = render_to_string(
            "emails/account.html",
            {"subject": message.subject, "body": message.body, "site_url": absolute_url("")},
        )
        message.attach_alternative(html, "text/html")
    for name, value in HEADERS.items():
        message.extra_headers.setdefault(name, value)
    return message
