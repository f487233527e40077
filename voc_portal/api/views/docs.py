"""OpenAPI schema and the Swagger UI page, served entirely by the app (sidecar assets)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class ApiSchemaView(SpectacularAPIView):
    throttle_classes: list = []


class ApiDocsView(SpectacularSwaggerSplitView):
    """The init script is a separate same-origin request (?script), so `script-src 'self'` holds;
    our template drops drf-spectacular's inline <style> for the same reason (style-src 'self')."""

    template_name = "api/swagger_ui.html"
    throttle_classes: list = []
    url_name = "api:schema"
