"""Editing the guide in Django's admin: lists, preview, suggestions inline, revisions."""

from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from guidance.models import Part, Practice, SuggestedCommitment

PUBLISHABLE_LIST = ("title", "status", "order", "publish_at", "updated_at")


class PublishableAdmin(SimpleHistoryAdmin):
    """Shared by parts and practices. SimpleHistoryAdmin adds a History page per item,
    from which an editor can see who changed what, when, and restore an earlier version."""

    list_editable = ("order",)
    list_filter = ("status",)
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = None
    change_form_template = "admin/guidance/change_form.html"

    def preview_url(self, obj) -> str:
        kind = "practice" if obj.is_practice else "part"
        return reverse("guidance:preview", kwargs={"kind": kind, "pk": obj.pk})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["preview_url"] = self.preview_url(obj)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Part)
class PartAdmin(PublishableAdmin):
    list_display = ("title", "section", *PUBLISHABLE_LIST[1:])
    list_filter = ("status", "section")
    fields = ("title", "slug", "section", "summary", "body", "order", "status", "publish_at")


class SuggestedCommitmentInline(admin.StackedInline):
    model = SuggestedCommitment
    extra = 0
    fields = (
        ("title", "kind", "order"),
        ("schedule_type", "schedule_hint"),
        ("weekdays", "times_per_week", "interval_days"),
    )


@admin.register(Practice)
class PracticeAdmin(PublishableAdmin):
    list_display = PUBLISHABLE_LIST
    fields = ("title", "slug", "summary", "body", "order", "status", "publish_at")
    inlines = [SuggestedCommitmentInline]
