from django.urls import include, path

from tracker import views

app_name = "tracker"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("track/new/", views.commitment_new, name="commitment-new"),
    path("track/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("track/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("track/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("track/<int:pk>/undo/", views.undo_check_in, name="check-in-undo"),
    path("track/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("track/<int:pk>/pause/", views.commitment_pause, name="commitment-pause"),
    path("track/<int:pk>/resume/", views.commitment_resume, name="commitment-resume"),
    path("track/<int:pk>/archive/", views.commitment_archive, name="commitment-archive"),
    path("track/<int:pk>/delete/", views.commitment_delete, name="commitment-delete"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person-new"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person-delete"),
    path("progress/", include("tracker.progress_urls")),
    path("journal/", include("tracker.journal_urls")),
    path("", include("tracker.data_urls")),
]
