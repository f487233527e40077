"""Signed requests: who may call, how a rotation works, replays, rate limits, Redis down."""

import hashlib
import json
import time

import pytest
from django.test import Client

from voc_portal.store.signing import sign, string_to_sign

from .conftest import BASE, OLD_KEY_ID, OLD_SECRET, StoreClient, signed_headers

pytestmark = pytest.mark.django_db

PATH = f"{BASE}/developers/dev-9/"
BODY = json.dumps({"name": "Nori", "notification_emails": []}).encode()


def _put(headers, body=BODY):
    return Client().put(PATH, data=body, content_type="application/json", **headers)


def test_no_credentials_is_401_with_the_scheme():
    response = _put({})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("StoreSignature")
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"HTTP_X_STORE_KEY": "nope"}, "not one of the active store keys"),
        ({"HTTP_X_STORE_SIGNATURE": "0" * 64}, "does not match"),
        ({"HTTP_X_STORE_TIMESTAMP": "yesterday"}, "Unix time"),
        ({"HTTP_X_STORE_SIGNATURE": ""}, "together"),
    ],
)
def test_a_wrong_header_is_401_with_a_clear_message(change, message):
    headers = {**signed_headers("PUT", PATH, BODY), **change}
    response = _put(headers)
    assert response.status_code == 401
    assert message in response.json()["message"]


def test_a_timestamp_outside_the_window_is_refused():
    headers = signed_headers("PUT", PATH, BODY, ts=int(time.time()) - 301)
    assert "window" in _put(headers).json()["message"]


def test_the_body_and_the_asserted_customer_are_signed():
    headers = signed_headers("PUT", PATH, BODY)
    assert _put(headers, body=BODY.replace(b"Nori", b"Evil")).status_code == 401
    headers = signed_headers("GET", f"{BASE}/me/inquiries/", b"", customer="C-1")
    headers["HTTP_X_STORE_CUSTOMER_NUMBER"] = "C-2"
    assert Client().get(f"{BASE}/me/inquiries/", **headers).status_code == 401


def test_the_same_signed_request_twice_is_a_replay():
    headers = signed_headers("PUT", PATH, BODY)
    assert _put(headers).status_code == 200
    replay = _put(headers)
    assert replay.status_code == 401
    assert "already received" in replay.json()["message"]


def test_both_active_keys_work_during_a_rotation(settings):
    assert StoreClient().put("/developers/dev-9/", {"name": "Nori"}).status_code == 200
    old = StoreClient(key_id=OLD_KEY_ID, secret=OLD_SECRET)
    assert old.put("/developers/dev-9/", {"name": "Nori"}).status_code == 200
    settings.VOC_STORE_API_KEYS = settings.VOC_STORE_API_KEYS[:1]  # the old key is dropped
    assert old.put("/developers/dev-9/", {"name": "Nori"}).status_code == 401


def test_the_path_with_its_query_is_signed():
    path = f"{BASE}/me/reviews/"
    headers = signed_headers("GET", path, b"", customer="C-1")
    assert Client().get(path + "?x=1", **headers).status_code == 401


def test_over_the_rate_is_429_with_retry_after(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "store": "2/min",
        },
    }
    store = StoreClient()
    codes = [store.put("/developers/dev-9/", {"name": "Nori"}).status_code for _ in range(3)]
    assert codes[:2] == [200, 200]
    assert codes[2] == 429


def test_with_redis_down_the_api_answers(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "voc_portal.core.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
        }
    }
    assert StoreClient().put("/developers/dev-9/", {"name": "Nori"}).status_code == 200


def test_an_unknown_store_path_is_a_json_404():
    response = Client().get(f"{BASE}/nothing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_worked_example_of_the_guide():
    # docs/store-integration.md, "A worked example": the same inputs give the same signature.
    body = b'{"name":"Nori Games","notification_emails":["ops@nori.example"]}'
    message = string_to_sign(
        method="PUT",
        path="/store-api/v1/developers/dev-1/",
        timestamp="1796083200",
        body_sha256=hashlib.sha256(body).hexdigest(),
    )
    assert sign("example-secret-of-at-least-32-characters", message) == GUIDE_SIGNATURE


GUIDE_SIGNATURE = "d6695ca2e27c5b2a6b2a41fb093ddcc7bd999b48bb7c980062ec8aabd6a1d4c8"
