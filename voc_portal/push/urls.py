from django.urls import path

from .views import PushSettingsView

app_name = "push"

urlpatterns = [
    path("settings/notifications/", PushSettingsView.as_view(), name="settings"),
]
