# Included by tracker/urls.py at /journal/, inside the "tracker" namespace.
from django.urls import path

from tracker import journal_views

urlpatterns = [
    path("", journal_views.journal, name="journal"),
    path("boundaries/", journal_views.boundaries, name="journal-boundaries"),
    path("support/", journal_views.support_circle, name="journal-support"),
    path("<slug:kind>/new/", journal_views.entry_new, name="journal-new"),
    path("<slug:kind>/<int:pk>/", journal_views.entry_detail, name="journal-entry"),
    path("<slug:kind>/<int:pk>/edit/", journal_views.entry_edit, name="journal-edit"),
    path("<slug:kind>/<int:pk>/delete/", journal_views.entry_delete, name="journal-delete"),
]
