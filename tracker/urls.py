from django.urls import path

from tracker import views

app_name = "tracker"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("progress/", views.progress, name="progress"),
    path("journal/", views.journal, name="journal"),
]
