from django.urls import include, path

from tracker import views

app_name = "tracker"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("track/new/", views.commitment_new, name="commitment-new"),
    path("track/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("progress/", include("tracker.progress_urls")),
    path("journal/", include("tracker.journal_urls")),
    path("", include("tracker.data_urls")),
]
