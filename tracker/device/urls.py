# Included by tracker/urls.py at the site root, inside the "tracker" namespace. The
# manifest and the worker must sit at the root: a worker's scope is its own folder.
from django.urls import path

from tracker.device import pwa_views, views

urlpatterns = [
    path("manifest.webmanifest", pwa_views.manifest, name="manifest"),
    path("sw.js", pwa_views.service_worker, name="service-worker"),
    path("offline/", pwa_views.offline, name="offline"),
    path("device/sync/", views.sync, name="device-sync"),
    path("device/act/", views.act, name="device-act"),
    path("accounts/devices/", views.devices, name="devices"),
    path("accounts/devices/notifications/", views.notification_settings, name="notifications"),
    path("accounts/devices/subscribe/", views.subscribe, name="device-subscribe"),
    path("accounts/devices/<int:pk>/remove/", views.remove_device, name="device-remove"),
]
