"""Request limits over HTTP: a huge API body is a JSON 413, deep nesting a JSON 400 (no 500);
every throttle believes X-Forwarded-For only from a trusted proxy."""

import pytest
from django.core.cache import cache
from django.test import Client

from voc_portal.api.parsers import json_too_deep

pytestmark = pytest.mark.django_db
SHAPE = {"code", "message", "fields"}


def test_thirteen_megabyte_api_body_gets_json_413(api, developer):
    body = '{"body": "' + "x" * (13 * 1024 * 1024) + '"}'
    response = api.post("/api/v1/refunds/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == SHAPE and response.json()["code"] == "request_too_large"


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_api_body_gets_json_400_not_500(api, developer, opener):
    closer = "]" if opener == "[" else "}"
    body = opener * 100_000 + "1" + closer * 100_000
    response = api.post("/api/v1/refunds/", body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == SHAPE and response.json()["code"] == "too_deep"


def test_body_within_limits_reaches_the_view_when_brackets_sit_inside_strings(api, developer):
    body = '{"consent": "X", "reason": "' + "[" * 5000 + '"}'
    response = api.post("/api/v1/refunds/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] != "too_deep"


def test_depth_scan_ignores_escaped_quotes_and_counts_real_nesting():
    assert not json_too_deep('{"a": "\\"[[[[[[", "b": [[1]]}', 3)
    assert json_too_deep("[[[[1]]]]", 3)


def _failed_token(client: Client, **meta):
    return client.get("/api/v1/apps/", HTTP_AUTHORIZATION="Bearer wrong-token", **meta)


@pytest.fixture
def anon_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "3/min",
        },
    }
    cache.clear()
    yield
    cache.clear()


def test_failed_token_throttle_ignores_forwarded_for_when_peer_is_not_a_trusted_proxy(
    anon_rate, settings
):
    settings.VOC_TRUSTED_PROXIES = []
    client = Client()
    statuses = [
        _failed_token(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429]


def test_failed_token_throttle_keys_on_the_proxys_last_hop_when_peer_is_trusted(
    anon_rate, settings
):
    settings.VOC_TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client()
    for _ in range(3):
        assert _failed_token(client, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 401
    assert _failed_token(client, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # A forged first hop does not buy a new budget: only the last (the proxy's) counts.
    forged = "1.2.3.4, 198.51.100.7"
    assert _failed_token(client, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    assert _failed_token(client, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 401


def test_sign_in_lockout_ignores_forwarded_for_from_an_untrusted_peer(settings, developer):
    settings.VOC_TRUSTED_PROXIES = []
    client = Client()
    username = developer.user.email
    statuses = [
        client.post(
            "/login/",
            {"username": username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    # Every attempt counted against the peer, whatever address the header claimed.
    assert statuses[-1] == 429
