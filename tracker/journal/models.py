"""The journal: private notes that put the guide's non-promise practices into action.

Every row belongs to one user (`owner`) and only ever points at that user's own rows
(`person` is one of the owner's people, `boundary` one of the owner's boundaries), so a
user's journal can be exported and imported on its own. All fields are plain values; the
export can write them as they are. Field meanings for the export:

ListeningNote — what I learned about where their distrust comes from
    (practice "learn-where-it-comes-from").
    date: the local day it is about; person: optional, whom it is about; text: the note.

Reflection — a simple thought record after a hard moment
    (practices "remember-they-are-trying" and "dont-take-it-personally").
    date: the local day of the moment; person: optional; what_happened: the facts;
    first_reading: how I read it at first; feelings: a JSON list of values from
    `Reflection.Feeling` (e.g. ["hurt", "overwhelmed"]); feelings_note: feelings in my own
    words; kinder_reading: another, kinder reading; next_step: what I will do next.

Boundary — a boundary I hold (practice "keep-healthy-boundaries").
    statement: the boundary in a short sentence; why: why it matters to me;
    person: optional; active: false once I no longer hold it (kept as history).

BoundaryTest — a time a boundary was tested.
    boundary: which one; date: the local day; response: `BoundaryTest.Response`
    (held / bent / renegotiated); note: what happened.

SupportCircleMember — another support in my friend's life or mine, so I am not the only one
    (practice "encourage-professional-help").
    name; kind: `SupportCircleMember.Kind` (for my friend / for me); support_type:
    `SupportCircleMember.SupportType` (person / group / professional); contact_note.

Each model orders naturally: dated entries newest first, boundaries and the support circle
by when they were added. `created_at` and `updated_at` are aware datetimes (UTC).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from tracker.commitments.bounds import DATE_VALIDATORS, LimitedTextField
from tracker.commitments.models import Person
from trustsite.querysets import OwnedQuerySet

__all__ = [
    "TEXT_LIMIT",
    "Boundary",
    "BoundaryTest",
    "ListeningNote",
    "Reflection",
    "SupportCircleMember",
]

# One limit for every long text field, stated on the forms.
TEXT_LIMIT = 10_000


class OwnedEntry(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    # Shown on the response page: does this entry suggest leaning on the support circle?
    @property
    def needs_support(self) -> bool:
        return False


class ListeningNote(OwnedEntry):
    date = models.DateField(validators=DATE_VALIDATORS)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="listening_notes"
    )
    text = LimitedTextField("what I learned", max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "date"])]

    def __str__(self) -> str:
        return f"Listening note, {self.date}"


def validate_feelings(value) -> None:
    known = set(Reflection.Feeling.values)
    if not isinstance(value, list) or not all(item in known for item in value):
        raise ValidationError("Choose feelings from the list.")


class Reflection(OwnedEntry):
    class Feeling(models.TextChoices):
        HURT = "hurt", "Hurt"
        ANXIOUS = "anxious", "Anxious"
        FRUSTRATED = "frustrated", "Frustrated"
        SAD = "sad", "Sad"
        OVERWHELMED = "overwhelmed", "Overwhelmed"
        CALM = "calm", "Calm"

    date = models.DateField(validators=DATE_VALIDATORS)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    what_happened = LimitedTextField(max_length=TEXT_LIMIT)
    first_reading = LimitedTextField("my first reading of it", max_length=TEXT_LIMIT, blank=True)
    # A JSON list works the same on SQLite and PostgreSQL and exports as it is.
    feelings = models.JSONField(default=list, blank=True, validators=[validate_feelings])
    feelings_note = LimitedTextField(
        "how I felt, in my own words", max_length=TEXT_LIMIT, blank=True
    )
    kinder_reading = LimitedTextField("a kinder reading", max_length=TEXT_LIMIT, blank=True)
    next_step = LimitedTextField("what I will do next", max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "date"])]

    def __str__(self) -> str:
        return f"Reflection, {self.date}"

    @property
    def needs_support(self) -> bool:
        return self.Feeling.OVERWHELMED in self.feelings

    @property
    def feeling_labels(self) -> list[str]:
        labels = dict(self.Feeling.choices)
        return [labels[value] for value in self.feelings if value in labels]


class Boundary(OwnedEntry):
    statement = models.CharField("the boundary", max_length=300)
    why = LimitedTextField("why it matters to me", max_length=TEXT_LIMIT, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="boundaries"
    )
    active = models.BooleanField("I hold this boundary now", default=True)

    class Meta:
        ordering = ["-active", "created_at", "pk"]
        verbose_name_plural = "boundaries"

    def __str__(self) -> str:
        return self.statement


class BoundaryTest(OwnedEntry):
    class Response(models.TextChoices):
        HELD = "held", "I held it"
        BENT = "bent", "I bent it"
        RENEGOTIATED = "renegotiated", "We renegotiated it"

    # The owner is stored too (always the boundary's owner) so every journal table filters
    # the same way and the export needs no join.
    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="tests")
    date = models.DateField(validators=DATE_VALIDATORS)
    response = models.CharField("how I responded", max_length=12, choices=Response.choices)
    note = LimitedTextField(max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "date"])]

    def __str__(self) -> str:
        return f"{self.boundary} tested on {self.date}: {self.get_response_display()}"

    def clean(self) -> None:
        super().clean()
        if self.boundary_id and self.owner_id and self.boundary.owner_id != self.owner_id:
            raise ValidationError({"boundary": "Choose one of your boundaries."})

    @property
    def needs_support(self) -> bool:
        return self.response == self.Response.BENT


class SupportCircleMember(OwnedEntry):
    class Kind(models.TextChoices):
        FOR_FRIEND = "friend", "For my friend"
        FOR_ME = "me", "For me"

    class SupportType(models.TextChoices):
        PERSON = "person", "A person"
        GROUP = "group", "A group"
        PROFESSIONAL = "professional", "A professional"

    name = models.CharField(max_length=200)
    kind = models.CharField("who they support", max_length=10, choices=Kind.choices)
    support_type = models.CharField(
        "type", max_length=12, choices=SupportType.choices, default=SupportType.PERSON
    )
    contact_note = LimitedTextField("how to reach them", max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["kind", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name
