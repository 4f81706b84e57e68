# Included by tracker/urls.py at the site root, inside the "tracker" namespace
# (the private calendar feed and a promise's reminder form post here).
from django.urls import path

from tracker.data import views

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("track/<int:pk>/reminder/", views.commitment_reminder, name="commitment-reminder"),
]
