from django.urls import path

from . import api

urlpatterns = [
    path("api/v1/push/key/", api.PushKeyView.as_view(), name="push_key"),
    path(
        "api/v1/push/subscriptions/",
        api.PushSubscriptionListView.as_view(),
        name="push_subscriptions",
    ),
    path(
        "api/v1/push/subscriptions/<int:pk>/",
        api.PushSubscriptionDetailView.as_view(),
        name="push_subscription",
    ),
    path(
        "api/v1/notification-settings/",
        api.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
]
