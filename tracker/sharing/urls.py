# Included by tracker/urls.py at the site root, inside the "tracker" namespace.
from django.urls import path

from tracker.sharing import views

urlpatterns = [
    path("p/<str:token>/", views.shared_page, name="shared-page"),
    path("p/<str:token>/calendar.ics", views.shared_feed, name="shared-feed"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/share/", views.share_save, name="share-save"),
    path("people/<int:pk>/share/stop/", views.share_revoke, name="share-revoke"),
    path("people/<int:pk>/share/choose/", views.share_choose, name="share-choose"),
    path("people/<int:pk>/share/preview/", views.share_preview, name="share-preview"),
]
