# Included by tracker/accounts_urls.py at /accounts/data/ (no namespace).
from django.urls import path

from tracker import data_views

urlpatterns = [
    path("", data_views.data, name="data"),
    path("reminders/", data_views.reminder_settings, name="data-reminders"),
    path("calendar/new-address/", data_views.feed_regenerate, name="data-feed-regenerate"),
    path("export/", data_views.export_data, name="data-export"),
    path("import/", data_views.import_data, name="data-import"),
    path("delete/", data_views.delete_account, name="data-delete"),
    path("email/", data_views.email, name="data-email"),
    path("email/resend/", data_views.email_resend, name="data-email-resend"),
    path("email/verify/<str:token>/", data_views.email_verify, name="data-email-verify"),
    path("unsubscribe/<str:token>/", data_views.unsubscribe, name="data-unsubscribe"),
]
