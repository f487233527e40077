from django.urls import path

from . import dev_views, views

app_name = "mail"
urlpatterns: list = [
    path("inbound/<slug:provider>/", views.inbound_webhook, name="inbound"),
    path("tracking/<slug:provider>/", views.tracking_webhook, name="tracking"),
    # DEBUG only (404 otherwise): read what the portal sent, without a mail provider.
    path("dev/", dev_views.DevMailboxView.as_view(), name="dev_mailbox"),
    path("dev/<int:pk>/", dev_views.DevMessageView.as_view(), name="dev_message"),
    path("dev/<int:pk>/html/", dev_views.DevMessageHtmlView.as_view(), name="dev_message_html"),
]
