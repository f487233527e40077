from django.urls import path

from . import views

app_name = "mail"
urlpatterns: list = [
    path("inbound/<slug:provider>/", views.inbound_webhook, name="inbound"),
    path("tracking/<slug:provider>/", views.tracking_webhook, name="tracking"),
]
