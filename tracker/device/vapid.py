"""The server's Web Push identity (VAPID, RFC 8292): a P-256 key pair and a contact.

`VAPID_PRIVATE_KEY` (base64url of the raw 32-byte key) wins when set; otherwise the
first call makes a key pair and keeps it in the database, so every worker and every
later run signs with the same key (subscriptions are tied to the public key).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.conf import settings

from tracker.device.models import VapidKey

# py_vapid and cryptography are imported where a key is used, not at start-up: only the
# devices page and the reminder sender need them (issue 16's memory budget).
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec
    from py_vapid import Vapid


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _public_of(private_key: ec.EllipticCurvePrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


def _stored_key() -> VapidKey:
    key = VapidKey.objects.order_by("pk").first()
    if key is not None:
        return key
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    raw = private_key.private_numbers().private_value.to_bytes(32, "big")
    # pk=1: two processes making the first key at once end with one row (the loser's
    # insert fails and it reads the winner's).
    key, _ = VapidKey.objects.get_or_create(
        pk=1, defaults={"private_key": _b64url(raw), "public_key": _public_of(private_key)}
    )
    return key


def private_key_text() -> str:
    return settings.VAPID_PRIVATE_KEY or _stored_key().private_key


def signer() -> Vapid:
    """The key pywebpush signs each push with."""
    from py_vapid import Vapid

    return Vapid.from_raw(private_key_text().encode())


def public_key() -> str:
    """The applicationServerKey a browser subscribes with (base64url, uncompressed point)."""
    return _public_of(signer().private_key)


def claims() -> dict:
    """The JWT's `sub`: VAPID_SUBJECT, else the site's https address or its sender email."""
    if settings.VAPID_SUBJECT:
        return {"sub": settings.VAPID_SUBJECT}
    if settings.SITE_URL.startswith("https://"):
        return {"sub": settings.SITE_URL}
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return {"sub": f"mailto:{address}"}
