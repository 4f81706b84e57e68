"""The guide's content: parts to read and practices to put into action."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Items the public may see: published, and not scheduled for later."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now)
        )


class Publishable(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    order = models.PositiveIntegerField(default=0, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Leave empty to publish at once; a future time keeps it hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Practice(Publishable):
    """One of the seven practices; the tracker links commitments to these."""

    class Meta(Publishable.Meta):
        pass


class CommitmentKind(models.TextChoices):
    PROMISE = "promise", "One-off promise"
    ROUTINE = "routine", "Routine"


class ScheduleType(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKDAYS = "weekdays", "On chosen weekdays"
    PER_WEEK = "per_week", "A number of times each week"
    EVERY_N_DAYS = "every_n_days", "Every few days"


class SuggestedCommitment(models.Model):
    """A small, concrete commitment the guide suggests for a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="suggestions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CommitmentKind.choices)
    # Routine suggestions carry a schedule; promise suggestions leave these empty.
    schedule_type = models.CharField(max_length=20, choices=ScheduleType.choices, blank=True)
    weekdays = models.PositiveSmallIntegerField(
        default=0, help_text="Bit mask of weekdays: Monday = 1, Tuesday = 2, … Sunday = 64."
    )
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    schedule_hint = models.CharField(
        max_length=120, blank=True, help_text='How it reads to people, e.g. "every Sunday".'
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title
