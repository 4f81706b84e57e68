# Included by tracker/urls.py at /journal/, inside the "tracker" namespace.
from django.urls import path

from tracker.journal import views

urlpatterns = [
    path("", views.journal, name="journal"),
    path("boundaries/", views.boundaries, name="journal-boundaries"),
    path("support/", views.support_circle, name="journal-support"),
    path("<slug:kind>/new/", views.entry_new, name="journal-new"),
    path("<slug:kind>/<int:pk>/", views.entry_detail, name="journal-entry"),
    path("<slug:kind>/<int:pk>/edit/", views.entry_edit, name="journal-edit"),
    path("<slug:kind>/<int:pk>/delete/", views.entry_delete, name="journal-delete"),
]
