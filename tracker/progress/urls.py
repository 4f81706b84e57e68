# Included by tracker/urls.py at /progress/, inside the "tracker" namespace.
from django.urls import path

from tracker.progress import views

urlpatterns = [
    path("", views.progress_page, name="progress"),
]
