"""Reads that span the journal's models: the kinds, their practices, and the merged list."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, Value
from django.urls import NoReverseMatch, reverse
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

PAGE_SIZE = 20

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


def _entries_of(kind: Kind, user, person=None) -> models.QuerySet:
    queryset = kind.model.objects.for_user(user)
    if person is not None:
        field = "boundary__person" if kind.model is BoundaryTest else "person"
        queryset = queryset.filter(**{field: person})
    return queryset


def entries_page(user, *, number, kinds: list[Kind], person=None) -> Page:
    """One page of the user's journal entries of `kinds`, newest first.

    Always the same queries, however long the journal: a count and a UNION of
    (kind, id, date, created_at) rows sliced to the page, then one fetch per kind for
    exactly that page's rows. The page's `object_list` holds the model instances.
    """
    if not kinds:
        return Paginator([], PAGE_SIZE).get_page(1)
    parts = [
        _entries_of(kind, user, person)
        .annotate(kind=Value(kind.slug, output_field=models.CharField()))
        .values_list("kind", "id", "date", "created_at")
        .order_by()  # each part unordered: only the whole UNION is
        for kind in kinds
    ]
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    merged = merged.order_by("-date", "-created_at", "-id")
    page = Paginator(merged, PAGE_SIZE).get_page(number)
    ids_by_kind: dict[str, list[int]] = {kind.slug: [] for kind in kinds}
    for kind_slug, pk, _date, _created in page.object_list:
        ids_by_kind[kind_slug].append(pk)
    rows = {}
    for kind in kinds:
        queryset = _entries_of(kind, user).select_related(
            "boundary__person" if kind.model is BoundaryTest else "person"
        )
        # `pk IS NULL` matches nothing but keeps the query when a kind has no rows on this
        # page, so the page costs the same number of queries whatever its mix of kinds.
        for obj in queryset.filter(Q(pk__in=ids_by_kind[kind.slug]) | Q(pk__isnull=True)):
            rows[kind.slug, obj.pk] = obj
    page.object_list = [
        rows[kind_slug, pk]
        for kind_slug, pk, _date, _created in page.object_list
        if (kind_slug, pk) in rows
    ]
    return page


def kinds_for(*, kind_slug: str | None, practice_slug: str | None) -> list[Kind]:
    """The entry kinds the list shows for a kind filter and a practice filter."""
    kinds = ENTRY_KINDS
    if kind_slug:
        kinds = [kind for kind in kinds if kind.slug == kind_slug]
    if practice_slug:
        kinds = [kind for kind in kinds if practice_slug in kind.practices]
    return kinds
