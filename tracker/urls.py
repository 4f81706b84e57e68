"""The tracker's URLs (namespace "tracker"): each area's own, gathered here.

The account pages live under /accounts/ without a namespace (trustsite/urls.py includes
tracker.accounts.urls), as django.contrib.auth's views expect.
"""

from django.urls import include, path

app_name = "tracker"

urlpatterns = [
    path("", include("tracker.commitments.urls")),
    path("progress/", include("tracker.progress.urls")),
    path("journal/", include("tracker.journal.urls")),
    path("", include("tracker.data.urls")),
    path("", include("tracker.device.urls")),
    path("", include("tracker.sharing.urls")),
    path("", include("tracker.repairs.urls")),
]
