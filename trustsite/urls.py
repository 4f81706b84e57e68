from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from guidance.views import home
from trustsite import views

admin.site.site_header = "Steady: guide editing"
admin.site.site_title = "Steady admin"
# Editors sign in on the site's own sign-in page, so the admin shares its lockout and
# passkeys; the admin's password form is never shown.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home, name="home"),
    path("-/alive/", views.alive, name="alive"),
    path("-/health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("tracker.accounts.urls")),
    path("", include("guidance.urls")),
    path("", include("tracker.urls")),
]

if settings.BENCHMARK_PAGES:
    urlpatterns.append(path("-/baseline/", views.baseline, name="baseline"))
