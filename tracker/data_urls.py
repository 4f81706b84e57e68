# Included by tracker/urls.py at the site root, inside the "tracker" namespace
# (the private calendar feed and a promise's reminder form post here).
from django.urls import path

from tracker import data_views

urlpatterns = [
    path("calendar/<str:token>.ics", data_views.calendar_feed, name="calendar-feed"),
    path("track/<int:pk>/reminder/", data_views.commitment_reminder, name="commitment-reminder"),
]
