"""A person's shared page: the private link the helper may give them, and how it is shown.

Listed in tracker/models.py, the index of the app's models, so Django sees it under the
`tracker` label.
"""

import hashlib
import hmac
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tracker.commitments.models import Person
from tracker.data.models import new_feed_token

__all__ = ["PersonShare", "token_digest"]


def token_digest(token: str) -> str:
    """The SHA-256 of a link token. Links are looked up by it, so the database compares
    a hash the visitor cannot steer, never a prefix of the real token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class PersonShareQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(person__owner=user)

    def open_link(self, token: str, *, now: datetime):
        """The share a link token opens: live (not revoked, not expired), of an active
        account. At most one row, found by the token's digest."""
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            token_digest=token_digest(token),
            person__owner__is_active=True,
        ).select_related("person__owner")


class PersonShare(models.Model):
    """What the helper shares with one person, and the link that shows it.

    The link is live while `token` is set and `expires_at` (if any) is ahead. Revoking
    clears the token, so the old address stops working at once; the name shown stays for
    next time. An import brings the row back without a token: never a live link.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="share")
    shown_name = models.CharField(
        "your name as they see it",
        max_length=100,
        help_text="Shown at the top of the page instead of your email address.",
    )
    token = models.CharField(max_length=64, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonShareQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token_digest"],
                condition=~Q(token_digest=""),
                name="one_share_per_token",
            ),
        ]

    def __str__(self) -> str:
        return f"Shared page for {self.person}"

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.token) and (self.expires_at is None or now < self.expires_at)

    def is_expired(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.token) and self.expires_at is not None and now >= self.expires_at

    def new_link(self) -> None:
        """A fresh token (the feed's kind): any earlier address stops working."""
        self.token = new_feed_token()
        self.token_digest = token_digest(self.token)

    def revoke(self) -> None:
        self.token = ""
        self.token_digest = ""

    def matches(self, token: str) -> bool:
        """A constant-time check that `token` is this share's (after the digest lookup)."""
        return bool(self.token) and hmac.compare_digest(self.token, token)
