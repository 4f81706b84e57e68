"""Account URLs under /accounts/: django.contrib.auth's views with Steady's templates."""

from django.urls import include, path

from tracker.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup-done"),
    path(
        "signup/confirm/<str:uidb64>/<str:token>/",
        views.signup_confirm,
        name="signup-confirm",
    ),
    path("settings/", views.account_settings, name="settings"),
    path("data/", include("tracker.data.account_urls")),
    # Before Django's own, so the rate-limited reset answers /accounts/password_reset/.
    path("password_reset/", views.password_reset, name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
