from django.contrib.sitemaps.views import sitemap
from django.urls import path

from guidance import views
from guidance.sitemaps import SITEMAPS

app_name = "guidance"

urlpatterns = [
    path("guide/", views.index, name="index"),
    # Fixed addresses come before <slug>/, which would otherwise catch them.
    path("guide/search/", views.search, name="search"),
    path("guide/professional-help/", views.professional_help, name="professional-help"),
    path("guide/preview/<str:kind>/<int:pk>/", views.preview, name="preview"),
    path("guide/<slug:slug>/", views.page, name="page"),
    path("guide/<slug:slug>/read/", views.mark_read, name="mark-read"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
