from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.EndpointListView.as_view(), name="list"),
    path("settings/webhooks/<int:pk>/", views.EndpointDetailView.as_view(), name="detail"),
    path(
        "settings/webhooks/<int:pk>/<slug:action>/",
        views.EndpointActionView.as_view(),
        name="action",
    ),
]
