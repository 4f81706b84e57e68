"""The kinds of item the journal holds, the guide's practices each one links to, and each
item as a card: one registry that the views, the list and the forms all read."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import models
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat
from django.utils.functional import cached_property
from django.utils.text import Truncator

from guidance.models import Practice
from tracker.journal.forms import (
    BoundaryForm,
    BoundaryTestForm,
    ListeningNoteForm,
    OwnedForm,
    ReflectionForm,
    SupportCircleMemberForm,
)
from tracker.journal.models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)

# The guide's practices, by slug (seeded by the guidance app; they may be absent).
LISTEN = "learn-where-it-comes-from"
LITTLE_THINGS = "value-the-little-things"
TRYING = "remember-they-are-trying"
NOT_PERSONAL = "dont-take-it-personally"
BOUNDARIES = "keep-healthy-boundaries"
PROFESSIONAL_HELP = "encourage-professional-help"


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[models.Model]
    form_class: type[OwnedForm]
    label: str  # "a listening note"
    plural: str  # "Listening notes"
    practices: tuple[str, ...]
    home: str  # the URL name of the page that lists this kind
    # Dated kinds are entries in the /journal/ list; the others have pages of their own.
    is_entry: bool = True

    @property
    def title(self) -> str:
        """ "Listening note", for a card's heading."""
        return self.label.split(" ", 1)[1].capitalize()

    @property
    def home_section(self) -> str:
        """Which part of the journal's sub-navigation this kind lives in."""
        return {
            "tracker:journal-boundaries": "boundaries",
            "tracker:journal-support": "support",
        }.get(self.home, "entries")

    @property
    def home_label(self) -> str:
        return {"boundaries": "your boundaries", "support": "your support circle"}.get(
            self.home_section, "your journal"
        )


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in [
        Kind(
            "note",
            ListeningNote,
            ListeningNoteForm,
            "a listening note",
            "Listening notes",
            (LISTEN,),
            "tracker:journal",
        ),
        Kind(
            "reflection",
            Reflection,
            ReflectionForm,
            "a reflection",
            "Reflections",
            (TRYING, NOT_PERSONAL),
            "tracker:journal",
        ),
        Kind(
            "test",
            BoundaryTest,
            BoundaryTestForm,
            "a boundary test",
            "Boundary tests",
            (BOUNDARIES,),
            "tracker:journal-boundaries",
        ),
        Kind(
            "boundary",
            Boundary,
            BoundaryForm,
            "a boundary",
            "Boundaries",
            (BOUNDARIES,),
            "tracker:journal-boundaries",
            is_entry=False,
        ),
        Kind(
            "support",
            SupportCircleMember,
            SupportCircleMemberForm,
            "a support",
            "Support circle",
            (PROFESSIONAL_HELP,),
            "tracker:journal-support",
            is_entry=False,
        ),
    ]
}
ENTRY_KINDS = [kind for kind in KINDS.values() if kind.is_entry]
KIND_OF_MODEL = {kind.model: kind for kind in KINDS.values()}
JOURNAL_PRACTICES = [LISTEN, TRYING, NOT_PERSONAL, BOUNDARIES, LITTLE_THINGS, PROFESSIONAL_HELP]


def kind_of(obj: models.Model) -> Kind:
    return KIND_OF_MODEL[type(obj)]


def journal_practices() -> dict[str, Practice]:
    """The journal's practices that are published, by slug (one query)."""
    return {
        practice.slug: practice
        for practice in Practice.objects.published().filter(slug__in=JOURNAL_PRACTICES)
    }


def practice_url(practice: Practice) -> str | None:
    """The guide's page for a practice, once the guide has one."""
    try:
        return reverse("guidance:page", args=[practice.slug])
    except NoReverseMatch:
        return None


def promise_prefill_url(reflection: Reflection, practices: dict[str, Practice]) -> str | None:
    """A link to the tracker's new-commitment form, pre-filled with the next step."""
    if not reflection.next_step.strip():
        return None
    params = {"kind": "promise", "title": Truncator(reflection.next_step.strip()).chars(200)}
    practice = practices.get(LITTLE_THINGS) or practices.get(TRYING)
    if practice is not None:
        params["practice"] = practice.pk
    if reflection.person_id:
        params["person"] = reflection.person_id
    return reverse("tracker:commitment-new") + "?" + urlencode(params)


def kinds_for(*, kind_slug: str | None, practice_slug: str | None) -> list[Kind]:
    """The entry kinds the list shows for a kind filter and a practice filter."""
    kinds = ENTRY_KINDS
    if kind_slug:
        kinds = [kind for kind in kinds if kind.slug == kind_slug]
    if practice_slug:
        kinds = [kind for kind in kinds if practice_slug in kind.practices]
    return kinds


# --- Cards ------------------------------------------------------------------------------

# Shown beside the reflection form when the guide's practices are not published (yet).
PROMPT_FALLBACKS = {
    TRYING: (
        "Remember they are trying",
        "Distrust is often an old protection, not a verdict on you. "
        "What might they have been trying to keep safe?",
    ),
    NOT_PERSONAL: (
        "Don't take it personally",
        "Their reaction may say more about what they have lived through than about what "
        "you did. What else could it mean?",
    ),
}


@dataclass
class Card:
    """An item as the templates show it, with everything they need prepared here."""

    kind: Kind
    obj: Model
    practices: list[tuple[str, str | None]] = field(default_factory=list)
    promise_url: str | None = None
    tests: list[BoundaryTest] = field(default_factory=list)

    @cached_property
    def edit_url(self) -> str:
        return reverse("tracker:journal-edit", args=[self.kind.slug, self.obj.pk])

    @cached_property
    def delete_url(self) -> str:
        return reverse("tracker:journal-delete", args=[self.kind.slug, self.obj.pk])

    # Each card shows its date three times; format it once.
    @cached_property
    def date_text(self) -> str:
        return dateformat.format(self.obj.date, "j F Y")

    @cached_property
    def date_iso(self) -> str:
        return self.obj.date.isoformat()

    @property
    def person(self):
        if isinstance(self.obj, BoundaryTest):
            return self.obj.boundary.person
        return getattr(self.obj, "person", None)

    @property
    def dom_id(self) -> str:
        if self.kind.slug == "boundary":
            return f"boundary-{self.obj.pk}"
        if self.kind.slug == "support":
            return f"member-{self.obj.pk}"
        return f"entry-{self.kind.slug}-{self.obj.pk}"

    @property
    def template(self) -> str:
        if self.kind.slug == "boundary":
            return "tracker/journal/boundaries.html#boundary"
        if self.kind.slug == "support":
            return "tracker/journal/support.html#member"
        return "tracker/journal/entry.html#card"


def practice_links(practices: dict[str, Practice]) -> dict[str, tuple[str, str | None]]:
    """(title, guide URL) by slug: reversed once for a list, not once per card."""
    return {slug: (practice.title, practice_url(practice)) for slug, practice in practices.items()}


def card_for(obj: Model, practices: dict[str, Practice], tests=None, *, links=None) -> Card:
    kind = kind_of(obj)
    if links is None:
        links = practice_links({s: practices[s] for s in kind.practices if s in practices})
    return Card(
        kind=kind,
        obj=obj,
        practices=[links[slug] for slug in kind.practices if slug in links],
        promise_url=promise_prefill_url(obj, practices) if kind.slug == "reflection" else None,
        tests=list(tests) if tests is not None else [],
    )


def reflection_prompts(practices: dict[str, Practice]) -> list[tuple[str, str, str | None]]:
    """The kinder-reading prompts: the two practices' summaries, or a short fallback."""
    prompts = []
    for slug in (TRYING, NOT_PERSONAL):
        practice = practices.get(slug)
        if practice is not None and practice.summary:
            prompts.append((practice.title, practice.summary, practice_url(practice)))
        else:
            title, text = PROMPT_FALLBACKS[slug]
            prompts.append(
                (practice.title if practice else title, text, practice and practice_url(practice))
            )
    return prompts
