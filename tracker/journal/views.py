"""The journal: listening notes, reflections, boundaries and their tests, the support circle.

Forms open inline with HTMX. The element an HTMX request targets (`HX-Target`) names the
region the form or card replaces, so one view serves the list's editor, an entry edited in
place and a boundary's test log; without JavaScript the same URLs are plain pages.
"""

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget, trigger_client_event

from guidance.models import Practice
from tracker.journal.forms import JournalFilterForm
from tracker.journal.models import Boundary, BoundaryTest, SupportCircleMember
from tracker.journal.services import (
    BOUNDARIES,
    ENTRY_KINDS,
    KINDS,
    NOT_PERSONAL,
    PROFESSIONAL_HELP,
    TRYING,
    Kind,
    entries_page,
    journal_practices,
    kind_of,
    kinds_for,
    practice_url,
    promise_prefill_url,
)

# Regions that hold a "new" form above a list; saving there refreshes the list.
EDITOR_REGIONS = {"journal-editor", "boundary-editor", "support-editor"}
REGION_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
LIST_CHANGED = "journal-changed"

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


def _practice_links(practices: dict[str, Practice]) -> dict[str, tuple[str, str | None]]:
    """(title, guide URL) by slug: reversed once for a list, not once per card."""
    return {slug: (practice.title, practice_url(practice)) for slug, practice in practices.items()}


def _card(obj: Model, practices: dict[str, Practice], tests=None, *, links=None) -> Card:
    kind = kind_of(obj)
    if links is None:
        links = _practice_links({s: practices[s] for s in kind.practices if s in practices})
    return Card(
        kind=kind,
        obj=obj,
        practices=[links[slug] for slug in kind.practices if slug in links],
        promise_url=promise_prefill_url(obj, practices) if kind.slug == "reflection" else None,
        tests=list(tests) if tests is not None else [],
    )


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404("No such kind of journal entry.")
    return KINDS[slug]


def _owned(request: HttpRequest, kind: Kind, pk: int) -> Model:
    related = {
        "boundary": ["person"],
        "test": ["boundary__person"],
        "support": [],
    }.get(kind.slug, ["person"])
    queryset = kind.model.objects.for_user(request.user)
    if related:
        queryset = queryset.select_related(*related)
    return get_object_or_404(queryset, pk=pk)


def _region(request: HttpRequest, default: str) -> str:
    """The id of the element an HTMX request replaces (checked: it is echoed into HTML)."""
    target = request.htmx.target if request.htmx else None
    return target if target and REGION_PATTERN.match(target) else default


def _support(user) -> dict:
    return {
        "members": list(SupportCircleMember.objects.for_user(user)),
        "kinds": SupportCircleMember.Kind,
    }


def _card_context(request: HttpRequest, obj: Model, *, support: bool) -> dict:
    tests = obj.tests.all() if isinstance(obj, Boundary) else None
    card = _card(obj, journal_practices(), tests)
    return {
        "card": card,
        "inline": bool(request.htmx),
        # A card swapped in on its own takes focus; cards in a refreshed list do not.
        "card_focus": True,
        "support": _support(request.user) if support else None,
        "nav": "journal",
    }


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render the whole page, or only `partial` of it for HTMX; vary the cache on that."""
    partial = context.pop("partial", None)
    if request.htmx and partial:
        template = f"{template}#{partial}"
    response = render(request, template, {"nav": "journal", **context})
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Lists ------------------------------------------------------------------------------


@login_required
@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    practices = journal_practices()
    practice_choices = [
        (slug, practices[slug].title)
        for slug in dict.fromkeys(slug for kind in ENTRY_KINDS for slug in kind.practices)
        if slug in practices
    ]
    form = JournalFilterForm(
        request.GET,
        user=request.user,
        kinds=[(kind.slug, kind.plural) for kind in ENTRY_KINDS],
        practices=practice_choices,
        auto_id="filter-%s",
    )
    filters = form.filters()
    kinds = kinds_for(kind_slug=filters.get("kind"), practice_slug=filters.get("practice"))
    page = entries_page(
        request.user, number=request.GET.get("page"), kinds=kinds, person=filters.get("person")
    )
    links = _practice_links(practices)
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "tracker/journal/journal.html",
        {
            "partial": "list" if request.htmx.target == "journal-list" else None,
            "form": form,
            "page": page,
            "cards": [_card(obj, practices, links=links) for obj in page.object_list],
            "filter_query": query.urlencode(),
            "filtered": bool(filters),
            "list_url": request.get_full_path(),
        },
    )


@login_required
@require_GET
def boundaries(request: HttpRequest) -> HttpResponse:
    practices = journal_practices()
    rows = (
        Boundary.objects.for_user(request.user).select_related("person").prefetch_related("tests")
    )
    links = _practice_links(practices)
    cards = [_card(boundary, practices, boundary.tests.all(), links=links) for boundary in rows]
    return _render(
        request,
        "tracker/journal/boundaries.html",
        {
            "partial": "list" if request.htmx.target == "boundary-list" else None,
            "cards": cards,
            "practice": practices.get(BOUNDARIES),
        },
    )


@login_required
@require_GET
def support_circle(request: HttpRequest) -> HttpResponse:
    practices = journal_practices()
    members = SupportCircleMember.objects.for_user(request.user)
    links = _practice_links(practices)
    groups = [
        (
            label,
            [_card(member, practices, links=links) for member in members if member.kind == value],
        )
        for value, label in SupportCircleMember.Kind.choices
    ]
    return _render(
        request,
        "tracker/journal/support.html",
        {
            "partial": "list" if request.htmx.target == "support-list" else None,
            "groups": groups,
            "practice": practices.get(PROFESSIONAL_HELP),
        },
    )


# --- One item ---------------------------------------------------------------------------


@login_required
@require_GET
def entry_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The item on its own page (also where saving without JavaScript lands); with HTMX,
    its card, so "Cancel" on an inline form puts the card back."""
    obj = _owned(request, _kind(kind), pk)
    context = _card_context(request, obj, support=obj.needs_support)
    if request.htmx:
        response = render(request, context["card"].template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    return _render(request, "tracker/journal/entry.html", context)


def _form_page(request: HttpRequest, kind: Kind, form, *, obj=None, status=200) -> HttpResponse:
    practices = journal_practices()
    default_region = f"{kind.slug}-form"
    region = _region(request, default_region)
    log_slot = re.fullmatch(r"boundary-(\d+)-log", region)
    # Ids unique per region: an inline form may sit beside another form on the page.
    form.auto_id = f"{region}-%s"
    context = {
        "partial": "form",
        "inline": bool(request.htmx),
        "kind": kind,
        "form": form,
        "obj": obj,
        "region": region,
        # A test logged in a boundary's slot replaces that boundary's whole card.
        "post_target": f"boundary-{log_slot[1]}" if log_slot else region,
        "action": (
            reverse("tracker:journal-edit", args=[kind.slug, obj.pk])
            if obj
            else reverse("tracker:journal-new", args=[kind.slug])
        ),
        "cancel_url": (reverse("tracker:journal-entry", args=[kind.slug, obj.pk]) if obj else None),
        "home_url": reverse(kind.home),
        "prompts": _prompts(practices) if kind.slug == "reflection" else [],
    }
    response = _render(request, "tracker/journal/form.html", context)
    response.status_code = status
    return response


def _prompts(practices: dict[str, Practice]) -> list[tuple[str, str, str | None]]:
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


def _saved(request: HttpRequest, obj: Model, *, created: bool) -> HttpResponse:
    kind = kind_of(obj)
    verb = "Added" if created else "Saved"
    messages.success(request, f"{verb} {kind.label}.")
    if obj.needs_support:
        messages.info(
            request,
            "That sounds like a lot to carry. You don't have to carry it alone: "
            "your support circle and where to find professional help are shown here.",
        )
    if not request.htmx:
        if kind.is_entry:
            return redirect("tracker:journal-entry", kind.slug, obj.pk)
        return redirect(reverse(kind.home) + f"#{_card(obj, {}).dom_id}")

    region = _region(request, "")
    support = obj.needs_support
    if region in EDITOR_REGIONS:
        context = _card_context(request, obj, support=support)
        context["region"] = region
        response = render(request, "tracker/journal/entry.html#saved", context)
        return trigger_client_event(response, LIST_CHANGED)
    if isinstance(obj, BoundaryTest) and region.startswith("boundary-"):
        # Logged from a boundary's card: show that card again, with its new test.
        obj = obj.boundary
    context = _card_context(request, obj, support=support)
    response = render(request, context["card"].template, context)
    return reswap(retarget(response, f"#{context['card'].dom_id}"), "outerHTML")


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    if request.method == "POST":
        form = kind.form_class(request.POST, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                obj = form.save()
            return _saved(request, obj, created=True)
        return _form_page(request, kind, form)
    initial = {"boundary": request.GET["boundary"]} if "boundary" in request.GET else {}
    return _form_page(request, kind, kind.form_class(user=request.user, initial=initial))


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind(kind)
    obj = _owned(request, kind, pk)
    if request.method == "POST":
        form = kind.form_class(request.POST, instance=obj, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                obj = form.save()
            return _saved(request, obj, created=False)
        return _form_page(request, kind, form, obj=obj)
    return _form_page(request, kind, kind.form_class(instance=obj, user=request.user), obj=obj)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind(kind)
    obj = _owned(request, kind, pk)
    if request.method == "POST":
        with transaction.atomic():
            obj.delete()
        messages.success(request, f"Deleted {kind.label}.")
        if request.htmx:
            # The confirmation region is swapped for nothing; lists refresh themselves.
            return trigger_client_event(HttpResponse(""), LIST_CHANGED)
        return redirect(kind.home)
    card = _card(obj, {})
    return _render(
        request,
        "tracker/journal/confirm_delete.html",
        {
            "partial": "confirm",
            "inline": bool(request.htmx),
            "card": card,
            "kind": kind,
            "region": _region(request, card.dom_id),
            "test_count": obj.tests.count() if isinstance(obj, Boundary) else 0,
        },
    )
