"""Account URLs under /accounts/: django.contrib.auth's views with Steady's templates."""

from django.urls import include, path

from tracker import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="settings"),
    path("data/", include("tracker.data_account_urls")),
    path("", include("django.contrib.auth.urls")),
]
