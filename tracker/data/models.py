"""Data and reminder models: per-user data settings, per-promise reminders, a send log.

Listed in tracker/models.py, the index of the app's models, so Django sees them under the
`tracker` label.
"""

import secrets
from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["CommitmentReminder", "DataSettings", "ReminderLog", "new_feed_token"]


def new_feed_token() -> str:
    """A long random token: it is the only thing guarding the private calendar feed."""
    return secrets.token_urlsafe(32)


class DataSettingsManager(models.Manager):
    def for_user(self, user) -> "DataSettings":
        """This user's settings row, created with defaults the first time it is needed."""
        row, _ = self.get_or_create(user=user)
        row.user = user  # Saves a query when the row's checks read the user's email.
        return row


class DataSettings(models.Model):
    """What the data area needs to know per user: feed token, verified email, reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_settings"
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    # Reminders go only to a verified address. allauth confirms addresses (its
    # EmailAddress records are the truth); each confirmation is copied here by
    # tracker.accounts.services.record_confirmed_email, so the reminder queries need no
    # join. The login email counts as verified while it equals `verified_email`.
    verified_email = models.EmailField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    digest_enabled = models.BooleanField("send me a morning summary", default=False)
    digest_time = models.TimeField("summary time", default=time(7, 30))
    reminders_enabled = models.BooleanField(
        "send reminders I set on promises",
        default=True,
        help_text="Turn a reminder on for each promise on its page.",
    )

    objects = DataSettingsManager()

    class Meta:
        verbose_name_plural = "data settings"

    def __str__(self) -> str:
        return f"Data settings of {self.user}"

    @property
    def email_verified(self) -> bool:
        return bool(self.verified_email) and self.verified_email.lower() == self.user.email.lower()

    def rotate_feed_token(self) -> None:
        """Give the feed a new address; the old one stops working at once."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])

    def mark_verified(self, email: str) -> None:
        self.verified_email = email
        self.verified_at = timezone.now()
        self.save(update_fields=["verified_email", "verified_at"])

    def unsubscribe(self) -> None:
        """Stop every reminder email; the account's own settings can turn them back on."""
        self.digest_enabled = False
        self.reminders_enabled = False
        self.save(update_fields=["digest_enabled", "reminders_enabled"])


class CommitmentReminder(models.Model):
    """An opt-in email a chosen time before a promise is due."""

    class Before(models.IntegerChoices):
        QUARTER_HOUR = 15, "15 minutes before"
        HALF_HOUR = 30, "30 minutes before"
        HOUR = 60, "1 hour before"
        TWO_HOURS = 120, "2 hours before"
        DAY = 1440, "1 day before"

    commitment = models.OneToOneField(
        "tracker.Commitment", on_delete=models.CASCADE, related_name="reminder"
    )
    enabled = models.BooleanField("email me a reminder", default=False)
    minutes_before = models.PositiveIntegerField(
        "when", choices=Before.choices, default=Before.HOUR
    )

    def __str__(self) -> str:
        return f"Reminder for {self.commitment} ({self.get_minutes_before_display()})"


class ReminderLog(models.Model):
    """One row per reminder decision, so each is sent at most once.

    The unique constraint is the lock: a sender inserts the row first, in its own
    transaction, and only the one whose insert succeeds sends. `key` names the occurrence
    (commitment id and due time) or the digest's local day.
    """

    class Kind(models.TextChoices):
        PROMISE = "promise", "Promise reminder"
        DIGEST = "digest", "Morning summary"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="one_reminder_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} for {self.user}"
