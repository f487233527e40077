"""The shared API routes (schema, docs, token pages) and the JSON 404 that must come last.

Each domain's API routes live beside the domain (`inquiries/api/urls.py`, …); the project's
`voc_portal/urls.py` puts them all in one "api" namespace, `fallback_urlpatterns` at the end.
"""

from django.urls import path, re_path

from .errors import api_not_found
from .views import devices, docs, members, tokens

urlpatterns = [
    path("settings/tokens/", tokens.ApiTokenListView.as_view(), name="tokens"),
    path(
        "settings/tokens/<int:pk>/revoke/", tokens.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
    path("settings/devices/", devices.DeviceListView.as_view(), name="devices"),
    path(
        "settings/devices/<int:pk>/revoke/",
        devices.DeviceRevokeView.as_view(),
        name="device_revoke",
    ),
    path("api/v1/devices/", devices.DeviceSignInView.as_view(), name="devices_sign_in"),
    path("api/v1/devices/current/", devices.DeviceCurrentView.as_view(), name="device_current"),
    path("api/v1/members/", members.MemberListView.as_view(), name="members"),
    path("api/v1/invitations/", members.InvitationListView.as_view(), name="invitations"),
    path(
        "api/v1/invitations/<int:pk>/",
        members.InvitationDetailView.as_view(),
        name="invitation",
    ),
    path("api/schema/", docs.ApiSchemaView.as_view(), name="schema"),
    path("api/docs/", docs.ApiDocsView.as_view(), name="docs"),
]

# Anything else under /api/ is a JSON 404, never the HTML page.
fallback_urlpatterns = [re_path(r"^api/", api_not_found)]
