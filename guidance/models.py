"""The guide's content: parts to read and practices to put into action.

Parts and practices share one order: the guide reads section by section (see `Section`),
and within a section by `order`. Both are served at /guide/<slug>/, so a slug is unique
across the two models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from guidance.rendering import render
from trustsite.querysets import OwnedQuerySet

# Paths under /guide/ that belong to other views, so no page may take them as its slug.
RESERVED_SLUGS = {"search", "preview", "sitemap", "read"}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Section(models.TextChoices):
    """The guide's sections, in reading order."""

    UNDERSTANDING = "understanding", "Understanding trust issues"
    DEVELOPMENT = "development", "How trust issues develop"
    SIGNS = "signs", "What trust issues look like"
    HELP = "help", "How to help"
    PROFESSIONAL = "professional", "Professional help"
    CLOSING = "closing", "Closing"


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class PublishableQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Items the public may see: published, and not scheduled for later."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now)
        )

    def for_listing(self):
        """Skip the long text columns: tables of contents and links need none of them."""
        return self.defer("body", "body_html", "body_text")

    def matching(self, terms: list[str]):
        """Items whose title, summary or text contains every term (case-insensitive).

        Plain `icontains` works the same on SQLite and PostgreSQL; the guide is small
        enough that no search index is needed.
        """
        queryset = self
        for term in terms:
            queryset = queryset.filter(
                Q(title__icontains=term) | Q(summary__icontains=term) | Q(body_text__icontains=term)
            )
        return queryset


class Publishable(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The page's address: /guide/<slug>/."
    )
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(
        blank=True,
        help_text="Markdown. Start headings at ## (the title is the page's main heading).",
    )
    order = models.PositiveIntegerField(default=0, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Leave empty to publish at once; a future time keeps it hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived from `body` on every save, so page views never parse Markdown.
    body_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = PublishableQuerySet.as_manager()

    is_practice = False

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        rendered = render(self.body)
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.reading_minutes = rendered.reading_minutes
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_text", "reading_minutes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guidance:page", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is used by another page; choose another."})
        for model in (Part, Practice):
            others = model.objects.filter(slug=self.slug)
            if isinstance(self, model) and self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"slug": "A part or practice already uses this address; choose another."}
                )

    @property
    def sort_key(self) -> tuple:
        return (SECTION_ORDER.get(self.section, 0), self.order, self.is_practice, self.pk or 0)

    @property
    def is_live(self) -> bool:
        """True when the public can see it now."""
        return self.status == Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= timezone.now()
        )


class Part(Publishable):
    """A part of the guide to read: understanding, causes, signs, the stance, closing."""

    section = models.CharField(max_length=20, choices=Section.choices)

    history = HistoricalRecords(excluded_fields=["body_html", "body_text", "reading_minutes"])

    class Meta(Publishable.Meta):
        pass


class Practice(Publishable):
    """One of the seven practices; the tracker links commitments to these."""

    history = HistoricalRecords(excluded_fields=["body_html", "body_text", "reading_minutes"])

    # Practices are the heart of "How to help"; they follow that section's parts.
    section = Section.HELP
    is_practice = True

    class Meta(Publishable.Meta):
        pass


def published_guide(*, now=None) -> list[Publishable]:
    """Every published part and practice in reading order, without their long text."""
    items = [
        *Part.objects.published(now=now).for_listing(),
        *Practice.objects.published(now=now).for_listing(),
    ]
    return sorted(items, key=lambda item: item.sort_key)


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.kind == CommitmentKind.ROUTINE and not self.schedule_type:
            raise ValidationError({"schedule_type": "A routine needs a schedule."})
        if self.schedule_type == ScheduleType.WEEKDAYS and not 0 < self.weekdays < 128:
            raise ValidationError({"weekdays": "Choose at least one weekday (1 to 127)."})
        if self.schedule_type == ScheduleType.PER_WEEK and not self.times_per_week:
            raise ValidationError({"times_per_week": "Say how many times each week."})
        if self.schedule_type == ScheduleType.EVERY_N_DAYS and not self.interval_days:
            raise ValidationError({"interval_days": "Say how many days apart."})


class ReadingProgressQuerySet(OwnedQuerySet):
    owner_path = "user"

    def read_keys(self) -> set[tuple[str, int]]:
        """("part", id) and ("practice", id) pairs, to match against `page_key`."""
        keys = set()
        for part_id, practice_id in self.values_list("part_id", "practice_id"):
            keys.add(("part", part_id) if part_id else ("practice", practice_id))
        return keys


def page_key(item: Publishable) -> tuple[str, int]:
    return ("practice" if item.is_practice else "part", item.pk)


class ReadingProgress(models.Model):
    """One page a signed-in reader has marked as read. Private to that reader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_progress"
    )
    part = models.ForeignKey(Part, null=True, blank=True, on_delete=models.CASCADE)
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE)
    read_at = models.DateTimeField(auto_now_add=True)

    objects = ReadingProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reading progress"
        constraints = [
            models.CheckConstraint(
                condition=(Q(part__isnull=False) & Q(practice__isnull=True))
                | (Q(part__isnull=True) & Q(practice__isnull=False)),
                name="reading_progress_one_page",
            ),
            models.UniqueConstraint(
                fields=["user", "part"],
                condition=Q(part__isnull=False),
                name="reading_progress_unique_part",
            ),
            models.UniqueConstraint(
                fields=["user", "practice"],
                condition=Q(practice__isnull=False),
                name="reading_progress_unique_practice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.part or self.practice}"

    @staticmethod
    def target(item: Publishable) -> dict:
        """The keyword arguments that point a row at this part or practice."""
        return {"practice": item} if item.is_practice else {"part": item}
