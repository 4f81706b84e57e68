"""The journal: listening notes, reflections, boundaries and their tests, the support circle.

Forms open inline with HTMX. The element an HTMX request targets (`HX-Target`) names the
region the form or card replaces, so one view serves the list's editor, an entry edited in
place and a boundary's test log; without JavaScript the same URLs are plain pages.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget, trigger_client_event

from tracker.cache import page_html, render_cached
from tracker.http import fragment, render_page
from tracker.journal.forms import JournalFilterForm
from tracker.journal.kinds import (
    BOUNDARIES,
    ENTRY_KINDS,
    KINDS,
    PROFESSIONAL_HELP,
    Kind,
    card_for,
    journal_practices,
    kind_of,
    kinds_for,
    practice_links,
    reflection_prompts,
)
from tracker.journal.models import Boundary, BoundaryTest, SupportCircleMember
from tracker.journal.services import entries_page

# Regions that hold a "new" form above a list; saving there refreshes the list.
EDITOR_REGIONS = {"journal-editor", "boundary-editor", "support-editor"}
REGION_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
LIST_CHANGED = "journal-changed"
JOURNAL_TEMPLATE = "tracker/journal/journal.html"


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
    card = card_for(obj, journal_practices(), tests)
    return {
        "card": card,
        "inline": bool(request.htmx),
        # A card swapped in on its own takes focus; cards in a refreshed list do not.
        "card_focus": True,
        "support": _support(request.user) if support else None,
        "nav": "journal",
    }


# --- Lists ------------------------------------------------------------------------------


@login_required
@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    """Entries, newest first, filtered and paged by the query string.

    From the cache while nothing it shows has changed (tracker.cache: the key holds the
    user's data version and the full path, which carries the filters and the page)."""
    user = request.user
    list_only = request.htmx.target == "journal-list"

    def build() -> str:
        context = _journal_context(request.GET, user=user, list_url=request.get_full_path())
        part = "#list" if list_only else "#body"
        return render_cached(JOURNAL_TEMPLATE + part, context, zone=user.zone)

    kind = "journal-list" if list_only else "journal"
    body = page_html(request, kind, user.pk, request.get_full_path(), build=build)
    if list_only:
        return fragment(body)
    return render_page(request, JOURNAL_TEMPLATE, {"nav": "journal", "body": body})


def _journal_context(query, *, user, list_url: str) -> dict:
    practices = journal_practices()
    practice_choices = [
        (slug, practices[slug].title)
        for slug in dict.fromkeys(slug for kind in ENTRY_KINDS for slug in kind.practices)
        if slug in practices
    ]
    form = JournalFilterForm(
        query,
        user=user,
        kinds=[(kind.slug, kind.plural) for kind in ENTRY_KINDS],
        practices=practice_choices,
        auto_id="filter-%s",
    )
    filters = form.filters()
    kinds = kinds_for(kind_slug=filters.get("kind"), practice_slug=filters.get("practice"))
    page = entries_page(user, number=query.get("page"), kinds=kinds, person=filters.get("person"))
    links = practice_links(practices)
    return {
        "form": form,
        "page": page,
        "cards": [card_for(obj, practices, links=links) for obj in page.object_list],
        "filtered": bool(filters),
        "list_url": list_url,
        # The pages' links keep the filters (`{% querystring query page=… %}`).
        "query": query,
    }


@login_required
@require_GET
def boundaries(request: HttpRequest) -> HttpResponse:
    practices = journal_practices()
    rows = (
        Boundary.objects.for_user(request.user).select_related("person").prefetch_related("tests")
    )
    links = practice_links(practices)
    cards = [card_for(boundary, practices, boundary.tests.all(), links=links) for boundary in rows]
    return render_page(
        request,
        "tracker/journal/boundaries.html",
        {
            "nav": "journal",
            "cards": cards,
            "practice": practices.get(BOUNDARIES),
        },
        partial="list" if request.htmx.target == "boundary-list" else None,
    )


@login_required
@require_GET
def support_circle(request: HttpRequest) -> HttpResponse:
    practices = journal_practices()
    members = SupportCircleMember.objects.for_user(request.user)
    links = practice_links(practices)
    groups = [
        (
            label,
            [
                card_for(member, practices, links=links)
                for member in members
                if member.kind == value
            ],
        )
        for value, label in SupportCircleMember.Kind.choices
    ]
    return render_page(
        request,
        "tracker/journal/support.html",
        {
            "nav": "journal",
            "groups": groups,
            "practice": practices.get(PROFESSIONAL_HELP),
        },
        partial="list" if request.htmx.target == "support-list" else None,
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
        return render_page(request, context["card"].template, context)
    return render_page(request, "tracker/journal/entry.html", context)


def _form_page(request: HttpRequest, kind: Kind, form, *, obj=None, status=200) -> HttpResponse:
    practices = journal_practices()
    default_region = f"{kind.slug}-form"
    region = _region(request, default_region)
    log_slot = re.fullmatch(r"boundary-(\d+)-log", region)
    # Ids unique per region: an inline form may sit beside another form on the page.
    form.auto_id = f"{region}-%s"
    context = {
        "nav": "journal",
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
        "prompts": reflection_prompts(practices) if kind.slug == "reflection" else [],
        # A test is logged against a boundary: with none yet, say how to start instead.
        "needs_boundary": kind.slug == "test"
        and obj is None
        and not Boundary.objects.for_user(request.user).exists(),
        "new_boundary_url": reverse("tracker:journal-new", args=["boundary"]),
    }
    return render_page(request, "tracker/journal/form.html", context, status, partial="form")


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
        return redirect(reverse(kind.home) + f"#{card_for(obj, {}).dom_id}")

    region = _region(request, "")
    support = obj.needs_support
    if region in EDITOR_REGIONS:
        context = _card_context(request, obj, support=support)
        context["region"] = region
        response = render_page(request, "tracker/journal/entry.html#saved", context)
        return trigger_client_event(response, LIST_CHANGED)
    if isinstance(obj, BoundaryTest) and region.startswith("boundary-"):
        # Logged from a boundary's card: show that card again, with its new test.
        obj = obj.boundary
    context = _card_context(request, obj, support=support)
    response = render_page(request, context["card"].template, context)
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
    card = card_for(obj, {})
    return render_page(
        request,
        "tracker/journal/confirm_delete.html",
        {
            "nav": "journal",
            "inline": bool(request.htmx),
            "card": card,
            "kind": kind,
            "region": _region(request, card.dom_id),
            "test_count": obj.tests.count() if isinstance(obj, Boundary) else 0,
        },
        partial="confirm",
    )
