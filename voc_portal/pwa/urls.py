from django.urls import path

from . import views

app_name = "pwa"
urlpatterns = [
    path("", views.shell, name="shell"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # At /app/sw.js the worker's default scope is /app/: it controls the app and nothing else.
    path("sw.js", views.service_worker, name="service_worker"),
]
