# Included by tracker/urls.py at /journal/, inside the "tracker" namespace.
from django.urls import path

from tracker import journal_views

urlpatterns = [
    path("", journal_views.journal, name="journal"),
]
