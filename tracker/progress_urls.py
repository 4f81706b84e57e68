# Included by tracker/urls.py at /progress/, inside the "tracker" namespace.
from django.urls import path

from tracker import progress_views

urlpatterns = [
    path("", progress_views.progress_page, name="progress"),
]
