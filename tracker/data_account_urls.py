# Included by tracker/accounts_urls.py at /accounts/data/ (no namespace).
from django.urls import path

from tracker import data_views

urlpatterns = [
    path("", data_views.data, name="data"),
]
