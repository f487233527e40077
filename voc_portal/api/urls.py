"""Included at the root: the API under /api/ and the token pages under /settings/tokens/."""

from django.urls import path, re_path

from .errors import api_not_found
from .views import apps, docs, tokens

app_name = "api"

urlpatterns = [
    path("settings/tokens/", tokens.ApiTokenListView.as_view(), name="tokens"),
    path(
        "settings/tokens/<int:pk>/revoke/", tokens.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
    path("api/schema/", docs.ApiSchemaView.as_view(), name="schema"),
    path("api/docs/", docs.ApiDocsView.as_view(), name="docs"),
    path("api/v1/apps/", apps.AppListView.as_view(), name="apps"),
    # Anything else under /api/ is a JSON 404, never the HTML page.
    re_path(r"^api/", api_not_found),
]
