# Included by tracker/urls.py at the site root, inside the "tracker" namespace.
from django.urls import path

from tracker.commitments import people_views, strip_views, today_views, views
from tracker.commitments.models import Commitment

urlpatterns = [
    path("today/", today_views.today, name="today"),
    path("today/week/", today_views.week, name="today-week"),
    path("track/new/", views.commitment_new, name="commitment-new"),
    path("track/ideas/", views.suggestions, name="suggestions"),
    path("track/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("track/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("track/<int:pk>/check-in/", today_views.check_in, name="check-in"),
    path("track/<int:pk>/undo/", today_views.undo_check_in, name="check-in-undo"),
    path("track/<int:pk>/check-in-days/", strip_views.check_in_days, name="check-in-days"),
    path("track/<int:pk>/leave/", strip_views.leave_unrecorded, name="leave-unrecorded"),
    path("track/<int:pk>/reschedule/", today_views.reschedule, name="reschedule"),
    path(
        "track/<int:pk>/pause/",
        views.commitment_status,
        {"status": Commitment.Status.PAUSED},
        name="commitment-pause",
    ),
    path(
        "track/<int:pk>/resume/",
        views.commitment_status,
        {"status": Commitment.Status.ACTIVE},
        name="commitment-resume",
    ),
    path(
        "track/<int:pk>/archive/",
        views.commitment_status,
        {"status": Commitment.Status.ARCHIVED},
        name="commitment-archive",
    ),
    path("track/<int:pk>/delete/", views.commitment_delete, name="commitment-delete"),
    path("people/", people_views.people, name="people"),
    path("people/new/", people_views.person_new, name="person-new"),
    path("people/<int:pk>/edit/", people_views.person_edit, name="person-edit"),
    path("people/<int:pk>/delete/", people_views.person_delete, name="person-delete"),
]
