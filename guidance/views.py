"""The guide's pages: home, table of contents, parts and practices, search, reading progress."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from guidance.models import (
    Part,
    Practice,
    Publishable,
    ReadingProgress,
    Section,
    page_key,
    published_guide,
)
from guidance.search import MAX_QUERY_LENGTH, clean_query
from guidance.search import search as search_guide


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    guide = published_guide()
    practices = [item for item in guide if item.is_practice]
    return render(
        request,
        "guidance/home.html",
        {"first": guide[0] if guide else None, "practices": practices},
    )


def _sections(guide: list[Publishable], read: set) -> list[dict]:
    """The table of contents: each section's title and its items, each flagged if read."""
    by_section: dict[str, list] = {}
    for item in guide:
        item.is_read = page_key(item) in read
        by_section.setdefault(item.section, []).append(item)
    return [
        {"title": Section(section).label, "items": items} for section, items in by_section.items()
    ]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    guide = published_guide()
    read = ReadingProgress.objects.for_user(request.user).read_keys()
    sections = _sections(guide, read)
    read_count = sum(1 for item in guide if item.is_read)
    return render(
        request,
        "guidance/index.html",
        {
            "nav": "guide",
            "sections": sections,
            "read_count": read_count,
            "total": len(guide),
        },
    )


def _load_full(item: Publishable) -> Publishable:
    """The item with its body, and a practice with its suggestions, in one or two queries."""
    if item.is_practice:
        return Practice.objects.prefetch_related("suggestions").get(pk=item.pk)
    return Part.objects.get(pk=item.pk)


def _page_context(request: HttpRequest, item: Publishable, guide: list[Publishable]) -> dict:
    keys = [page_key(entry) for entry in guide]
    position = keys.index(page_key(item)) if page_key(item) in keys else None
    previous_item = guide[position - 1] if position else None
    next_item = guide[position + 1] if position is not None and position + 1 < len(guide) else None
    is_read = False
    if request.user.is_authenticated:
        is_read = (
            ReadingProgress.objects.for_user(request.user)
            .filter(**ReadingProgress.target(item))
            .exists()
        )
    return {
        "nav": "guide",
        "item": item,
        "suggestions": list(item.suggestions.all()) if item.is_practice else [],
        "previous_item": previous_item,
        "next_item": next_item,
        "is_read": is_read,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
    }


def _published_item(guide: list[Publishable], slug: str) -> Publishable:
    for item in guide:
        if item.slug == slug:
            return item
    raise Http404("No published page has this address.")


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    guide = published_guide()
    item = _load_full(_published_item(guide, slug))
    return render(request, "guidance/page.html", _page_context(request, item, guide))


@require_GET
def professional_help(request: HttpRequest) -> HttpResponse:
    # The page is an editable part like the others; its address is fixed so that the
    # footer and the crisis note can always link to it.
    return page(request, slug="professional-help")


@staff_member_required
@require_GET
def preview(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Show any item, draft or scheduled, exactly as the site will, to staff who may view it."""
    model = {"part": Part, "practice": Practice}.get(kind)
    if model is None:
        raise Http404("Nothing to preview here.")
    if not request.user.has_perm(f"guidance.view_{model._meta.model_name}"):
        raise PermissionDenied
    item = get_object_or_404(model.objects.all(), pk=pk)
    guide = published_guide()
    if page_key(item) not in {page_key(entry) for entry in guide}:
        guide = sorted([*guide, item], key=lambda entry: entry.sort_key)
    context = _page_context(request, _load_full(item), guide)
    context["preview"] = True
    return render(request, "guidance/page.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark a page read or unread for this reader; `read=false` undoes it."""
    item = _published_item(published_guide(), slug)
    wanted = request.POST.get("read", "true") != "false"
    target = ReadingProgress.target(item)
    mine = ReadingProgress.objects.for_user(request.user).filter(**target)
    if wanted:
        try:
            with transaction.atomic():
                mine.get_or_create(user=request.user, **target)
        except IntegrityError:
            pass  # A second click raced the first: the page is read either way.
        messages.success(request, f"Marked “{item.title}” as read.")
    else:
        mine.delete()
        messages.info(request, f"Marked “{item.title}” as not read yet.")
    if not request.htmx:
        return redirect(item.get_absolute_url())
    response = render(
        request,
        "guidance/page.html#reading",
        {"item": item, "is_read": wanted, "swapped": True},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    results = search_guide(query)
    context = {
        "nav": "guide",
        "query": query,
        "results": results,
        "max_length": MAX_QUERY_LENGTH,
    }
    template = "guidance/search.html#htmx" if request.htmx else "guidance/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /today/",
        "Disallow: /track/",
        "Disallow: /progress/",
        "Disallow: /journal/",
        "Disallow: /guide/preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('guidance:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
