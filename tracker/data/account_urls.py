# Included by tracker/accounts/urls.py at /accounts/data/ (no namespace).
from django.urls import path

from tracker.data import views

urlpatterns = [
    path("", views.data, name="data"),
    path("reminders/", views.reminder_settings, name="data-reminders"),
    path("calendar/new-address/", views.feed_regenerate, name="data-feed-regenerate"),
    path("export/", views.export_data, name="data-export"),
    path("import/", views.import_data, name="data-import"),
    path("delete/", views.delete_account, name="data-delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="data-unsubscribe"),
]
