"""Signed requests: HMAC-SHA256 over method, path, timestamp, body hash and asserted customer.

    string to sign = METHOD \n PATH[?QUERY] \n TIMESTAMP \n SHA256_HEX(BODY) \n CUSTOMER_NUMBER
    X-Store-Key: <key id>   X-Store-Timestamp: <unix seconds>   X-Store-Signature: <hex HMAC>

Keys come from VOC_STORE_API_KEYS ("id:secret,id:secret"); at most two are active so a rotation
adds the new key, moves the store over, then drops the old one (docs/store-integration.md).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAX_ACTIVE_KEYS = 2


def store_keys() -> dict[str, str]:
    """{key id: secret} of the active keys (read per request: settings overrides apply)."""
    raw = settings.VOC_STORE_API_KEYS
    keys: dict[str, str] = {}
    for item in raw:
        key_id, sep, secret = item.partition(":")
        if not sep or not key_id or len(secret) < 32:
            raise ImproperlyConfigured("VOC_STORE_API_KEYS: id:secret pairs, secrets >= 32 chars.")
        keys[key_id] = secret
    if len(keys) > MAX_ACTIVE_KEYS:
        raise ImproperlyConfigured("VOC_STORE_API_KEYS: at most two active keys.")
    return keys


def signing_key() -> tuple[str, str]:
    """(id, secret) the portal signs its own calls to the store with (billing): the key named
    by VOC_STORE_BILLING_KEY_ID, else the first active key."""
    keys = store_keys()
    if not keys:
        raise ImproperlyConfigured("VOC_STORE_API_KEYS: no key to sign the billing call with.")
    key_id = settings.VOC_STORE_BILLING_KEY_ID or next(iter(keys))
    if key_id not in keys:
        raise ImproperlyConfigured("VOC_STORE_BILLING_KEY_ID is not one of VOC_STORE_API_KEYS.")
    return key_id, keys[key_id]


def signed_headers(*, method: str, path: str, body: bytes, timestamp: str) -> dict[str, str]:
    """The three headers of a request the portal signs, exactly as the store signs its own."""
    key_id, secret = signing_key()
    message = string_to_sign(
        method=method, path=path, timestamp=timestamp, body_sha256=hashlib.sha256(body).hexdigest()
    )
    return {
        "X-Store-Key": key_id,
        "X-Store-Timestamp": timestamp,
        "X-Store-Signature": sign(secret, message),
    }


def string_to_sign(
    *, method: str, path: str, timestamp: str, body_sha256: str, customer_number: str = ""
) -> bytes:
    return "\n".join([method.upper(), path, timestamp, body_sha256, customer_number]).encode()


def sign(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(secret: str, message: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, message), signature.strip().lower())


NOTIFICATION_FIELDS = (
    "purchase_id", "state", "event_time", "amount", "tid", "txid", "receipt_number",
)  # fmt: skip


def notification_message(data: dict) -> bytes:
    """What a payment notification's own `signature` covers: its fields as sent, one a line."""
    return "\n".join(str(data.get(name, "")) for name in NOTIFICATION_FIELDS).encode()


def notification_signature_valid(data: dict, signature: str) -> bool:
    """The billing system signs each notification with one of the active keys."""
    message = notification_message(data)
    return any(signature_matches(s, message, signature) for s in store_keys().values())
