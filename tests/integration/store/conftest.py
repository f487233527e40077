"""A store client that signs its requests the way docs/store-integration.md tells stores to."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart

from voc_portal.store import services
from voc_portal.store.signing import notification_message, sign, string_to_sign

KEY_ID, SECRET = "k2026", "s" * 40
OLD_KEY_ID, OLD_SECRET = "k2025", "o" * 40
BASE = "/store-api/v1"
# Two identical calls must be two signatures (a retry), so an identical request never reuses a
# timestamp: it gets the current second, or the latest one before it not yet used for the same
# request. (Counting back from the wall clock, "now - n", repeats a timestamp whenever the clock
# passes a second between two calls, and the server rightly refuses the second as a replay.)
_issued: set[tuple] = set()


def _timestamp(*request) -> int:
    ts = int(time.time())
    while (*request, ts) in _issued:
        ts -= 1
    _issued.add((*request, ts))
    return ts


def signed_headers(
    method, path, body: bytes, *, key_id=KEY_ID, secret=SECRET, customer="", ts=None
):
    body_sha256 = hashlib.sha256(body).hexdigest()
    if ts is None:
        ts = _timestamp(key_id, method, path, body_sha256, customer)
    timestamp = str(ts)
    message = string_to_sign(
        method=method,
        path=path,
        timestamp=timestamp,
        body_sha256=body_sha256,
        customer_number=customer,
    )
    headers = {
        "HTTP_X_STORE_KEY": key_id,
        "HTTP_X_STORE_TIMESTAMP": timestamp,
        "HTTP_X_STORE_SIGNATURE": sign(secret, message),
    }
    if customer:
        headers["HTTP_X_STORE_CUSTOMER_NUMBER"] = customer
    return headers


class StoreClient:
    def __init__(self, key_id=KEY_ID, secret=SECRET, customer=""):
        self.client = Client()
        self.key_id, self.secret, self.customer = key_id, secret, customer

    def request(self, method, path, body: bytes = b"", content_type="application/json", **extra):
        path = path if path.startswith(BASE) else BASE + path
        headers = signed_headers(
            method, path, body, key_id=self.key_id, secret=self.secret, customer=self.customer
        )
        if method in ("GET", "DELETE") and not body:
            return getattr(self.client, method.lower())(path, **headers, **extra)
        return self.client.generic(
            method, path, data=body, content_type=content_type, **headers, **extra
        )

    def get(self, path):
        return self.request("GET", path)

    def delete(self, path):
        return self.request("DELETE", path)

    def put(self, path, data):
        return self.request("PUT", path, json.dumps(data).encode())

    def post(self, path, data):
        return self.request("POST", path, json.dumps(data).encode())

    def post_multipart(self, path, data):
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        return self.request("POST", path, encode_multipart(BOUNDARY, data), content_type)

    def as_customer(self, customer_number):
        return StoreClient(self.key_id, self.secret, customer_number)


@pytest.fixture(autouse=True)
def store_keys(settings):
    settings.VOC_STORE_API_KEYS = [f"{KEY_ID}:{SECRET}", f"{OLD_KEY_ID}:{OLD_SECRET}"]
    # Throttle counters and the seen signatures of earlier tests (a signature is good once, and
    # two tests may sign the same request in the same second). The test Redis is this run's own.
    cache.clear()
    _issued.clear()


@pytest.fixture
def store(db):
    return StoreClient()


def notification(purchase_id, state, event_time, amount, tid="", txid="", receipt_number=""):
    data = {
        "purchase_id": purchase_id,
        "state": state,
        "event_time": event_time,
        "amount": amount,
        "tid": tid,
        "txid": txid,
        "receipt_number": receipt_number,
    }
    return {**data, "signature": sign(SECRET, notification_message(data))}


@pytest.fixture
def catalog(db):
    return store_catalog_upsert()


def store_catalog_upsert() -> str:
    """One developer, one paid app, one customer and one purchase, all by the store's ids."""
    services.developer_upsert(
        store_id="dev-1", name="Nori Games", support_email="help@nori.example",
        notification_emails=["ops@nori.example"],
    )  # fmt: skip
    services.app_upsert(
        store_id="app-1", developer_id="dev-1", package_name="com.nori.puzzle",
        titles={"ko": "노리 퍼즐", "en": "Nori Puzzle"}, price=3300, is_free=False,
    )  # fmt: skip
    services.customer_upsert(
        store_id="cus-1", customer_number="C-1001", email="minji@example.com", language="ko",
        full_name="김민지",
    )  # fmt: skip
    services.purchase_upsert_one(purchase_row("pur-1"))
    return "pur-1"


def purchase_row(store_id, **overrides):
    import datetime

    values = {
        "store_id": store_id,
        "customer_id": "cus-1",
        "app_id": "app-1",
        "item_name": "Nori Puzzle",
        "purchased_at": datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC),
        "amount": 3300,
        "tid": f"T{store_id}",
        "txid": f"X{store_id}",
        "receipt_number": f"R{store_id}",
    }
    return services.PurchaseRow(**{**values, **overrides})


def purchase_body(n: int | str, **overrides) -> dict:
    return {
        "customer_id": "cus-1",
        "app_id": "app-1",
        "item_name": "Nori Puzzle",
        "purchased_at": "2026-11-01T09:00:00Z",
        "amount": 3300,
        "tid": f"TID{n}",
        "txid": f"TXID{n}",
        "receipt_number": f"RCPT{n}",
        **overrides,
    }
