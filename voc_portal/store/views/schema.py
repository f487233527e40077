"""The Store API's own OpenAPI schema: only /store-api/v1/, apart from the developer API's."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView

STORE_SCHEMA_SETTINGS = {
    "TITLE": "VOC Portal Store API",
    "DESCRIPTION": (
        "Server to server, for the one store of this installation: signed requests "
        "(docs/store-integration.md). Its keys see everything of this installation."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/store-api/v1",
    "PREPROCESSING_HOOKS": ["voc_portal.store.views.schema.only_store_endpoints"],
}


def only_store_endpoints(endpoints):
    return [e for e in endpoints if e[0].startswith("/store-api/")]


def other_endpoints(endpoints):
    """The developer API's schema (settings): everything but the Store API."""
    return [e for e in endpoints if not e[0].startswith("/store-api/")]


class StoreSchemaView(SpectacularAPIView):
    custom_settings = STORE_SCHEMA_SETTINGS
