"""The developer API's OpenAPI schema settings (drf-spectacular), imported by base.py.

Not a settings layer: no environment is read here (tests/integration/test_compose.py checks that
.env.example names what base.py and production.py read).
"""

SPECTACULAR_SETTINGS = {
    "TITLE": "VOC Portal Developer Center API",
    "DESCRIPTION": "The API the Developer Center mobile app talks to. See the README, section API.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # The Store API has its own schema (voc_portal.store.views.schema), not this one.
    "PREPROCESSING_HOOKS": ["voc_portal.store.views.schema.other_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "voc_portal.api.schema.add_common_error_responses",
    ],
}
