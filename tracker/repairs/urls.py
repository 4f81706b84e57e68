# Included by tracker/urls.py at the site root, inside the "tracker" namespace.
from django.urls import path

from tracker.repairs import views

urlpatterns = [
    path("repairs/<int:pk>/", views.repair, name="repair"),
    path("journal/repairs/", views.journal_repairs, name="journal-repairs"),
]
