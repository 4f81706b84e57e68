from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("guide/", views.index, name="index"),
    path("guide/professional-help/", views.professional_help, name="professional-help"),
]
