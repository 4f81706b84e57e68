"""Models of the device area: push subscriptions, how reminders reach a person, the
server's push keys, and the receipts that make offline check-ins and one-tap actions
count once.

Listed in tracker/models.py, the index of the app's models.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

__all__ = [
    "ActionTokenUse",
    "NotificationSettings",
    "OfflineReceipt",
    "PushSubscription",
    "VapidKey",
]


class NotificationSettingsManager(models.Manager):
    def for_user(self, user) -> "NotificationSettings":
        """This user's row, created with defaults (email only, no titles) when first needed."""
        row, _ = self.get_or_create(user=user)
        return row


class NotificationSettings(models.Model):
    """How each kind of reminder reaches the person, and what a notification may show."""

    class Channel(models.TextChoices):
        EMAIL = "email", "By email"
        PUSH = "push", "As a notification on my devices"
        BOTH = "both", "Both"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    promise_channel = models.CharField(
        "promise reminders", max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    digest_channel = models.CharField(
        "morning summary", max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    show_titles = models.BooleanField(
        "Show titles on the lock screen",
        default=False,
        help_text="Off: a notification says only “A promise is due at 18:00”.",
    )
    quiet_start = models.TimeField("quiet from", null=True, blank=True)
    quiet_end = models.TimeField("quiet until", null=True, blank=True)

    objects = NotificationSettingsManager()

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"

    def uses(self, *, kind: str, channel: str) -> bool:
        """Whether reminders of `kind` ("promise" or "digest") go out on `channel`."""
        chosen = self.promise_channel if kind == "promise" else self.digest_channel
        return chosen in (channel, self.Channel.BOTH)

    def is_quiet(self, moment: datetime, zone: ZoneInfo) -> bool:
        """Whether `moment` falls in the quiet hours, read in the person's own zone.

        Quiet hours may run past midnight (22:00 to 07:00); equal ends mean none.
        """
        if self.quiet_start is None or self.quiet_end is None:
            return False
        clock: time = moment.astimezone(zone).time()
        start, end = self.quiet_start, self.quiet_end
        if start < end:
            return start <= clock < end
        if start > end:
            return clock >= start or clock < end
        return False


def settings_of(user) -> NotificationSettings:
    """The person's notification settings, unsaved defaults when they never chose.

    Reads the row `select_related` may already have fetched, so senders looping over many
    people ask no extra query per person.
    """
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


class PushSubscriptionQuerySet(models.QuerySet):
    def for_user(self, user) -> "PushSubscriptionQuerySet":
        return self.filter(user=user)


class PushSubscription(models.Model):
    """One browser on one device that asked for reminders (the Push API's subscription)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's address for this browser: a secret capability URL.
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} of {self.user}"

    def as_webpush_info(self) -> dict:
        """The subscription in the shape pywebpush (and the Push API) use."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class VapidKey(models.Model):
    """The server's own push key pair, made on first use when none is configured."""

    private_key = models.CharField(max_length=100)  # base64url of the raw P-256 scalar
    public_key = models.CharField(max_length=200)  # base64url of the uncompressed point
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "VAPID key"

    def __str__(self) -> str:
        return f"VAPID key made {self.created_at:%Y-%m-%d}"


class OfflineReceipt(models.Model):
    """One check-in queued on a device while offline, once it reached the server.

    The device names each queued item with its own random id; the unique constraint makes
    a replay of the same item find its first answer instead of recording again.
    """

    class Outcome(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        ALREADY = "already", "Already recorded differently"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_receipts"
    )
    client_id = models.UUIDField()
    commitment = models.ForeignKey(
        "tracker.Commitment", on_delete=models.CASCADE, related_name="offline_receipts"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # What the occurrence holds after this item was handled (the earlier record, when
    # it had been recorded differently meanwhile).
    state = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_receipt_per_item"),
        ]

    def __str__(self) -> str:
        return f"Offline check-in {self.client_id} of {self.user}"


class ActionTokenUse(models.Model):
    """A notification's one-tap token that has been spent: the unique nonce refuses it
    the second time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_token_uses"
    )
    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Action token {self.nonce[:8]}… of {self.user}"
