"""One JSON error shape under /api/, throttling, and the self-hosted schema and docs."""

import re

import pytest
import yaml
from django.test import override_settings
from rest_framework.settings import api_settings

from .conftest import bearer_client

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}


def test_unknown_api_path_is_json_404_when_requested(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == SHAPE


def test_missing_slash_answers_json_404_with_a_hint_when_posted(api):
    response = api.post("/api/v1/inquiries/1/close", {}, format="json")
    assert response.status_code == 404
    assert "/api/v1/inquiries/1/close/" in response.json()["message"]


def test_wrong_method_answers_405_in_the_error_shape_when_sent(api):
    response = api.delete("/api/v1/apps/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_non_json_accept_answers_406_when_asked_for_html(api):
    response = api.get("/api/v1/apps/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def _rates(**rates):
    merged = {**api_settings.DEFAULT_THROTTLE_RATES, **rates}
    from django.conf import settings

    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": merged}
    )


def test_token_is_throttled_with_retry_after_when_over_its_rate(api, other_api):
    with _rates(token="3/min"):
        codes = [api.get("/api/v1/apps/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = api.get("/api/v1/apps/")
        assert response.json()["code"] == "throttled"
        assert set(response.json()) == SHAPE
        assert 1 <= int(response["Retry-After"]) <= 60
        # Another token has its own budget.
        assert other_api.get("/api/v1/apps/").status_code == 200


def test_failed_token_attempts_are_throttled_per_address_when_over_the_anon_rate(api):
    with _rates(anon="3/min"):
        bad = bearer_client("voc_guess")
        codes = [bad.get("/api/v1/apps/").status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        assert int(bad.get("/api/v1/apps/")["Retry-After"]) >= 1
        # A valid token is not held back by someone else's failures.
        assert api.get("/api/v1/apps/").status_code == 200


def test_schema_is_openapi_3_and_documents_errors_when_fetched(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert set(schema["components"]["schemas"]["Error"]["required"]) == SHAPE
    assert "401" in schema["paths"]["/api/v1/apps/"]["get"]["responses"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_docs_page_loads_only_same_origin_assets_when_served_under_our_csp(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    # No inline script or style (CSP would block them), no absolute (CDN) URL.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    for url in re.findall(r"""(?:src|href)=["']([^"']+)["']""", html):
        assert url.startswith("/"), url
    # The init script is its own same-origin request and points at our schema.
    script_url = re.search(r"""<script src="([^"]+script=[^"]*)">""", html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_bearer_token_is_not_needed_when_fetching_schema_and_docs(client):
    assert client.get("/api/schema/").status_code == 200
    assert bearer_client("voc_wrong").get("/api/schema/").status_code == 200
