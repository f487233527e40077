"""VAPID keys (RFC 8292): the application server's P-256 key pair, as base64url strings.

Only the private key is configured (VOC_PUSH_VAPID_PRIVATE_KEY, the raw 32-byte scalar); the
public key the app hands to `pushManager.subscribe()` is derived from it, so the two never drift.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError when it is not base64url."""
    text = text.strip()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc


def private_key_from_b64(text: str) -> ec.EllipticCurvePrivateKey:
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes (base64url)")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def public_key_b64(key: ec.EllipticCurvePrivateKey) -> str:
    """The uncompressed point (65 bytes, 0x04 | X | Y), base64url: the applicationServerKey."""
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url_encode(point)


def generate_private_key_b64() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url_encode(key.private_numbers().private_value.to_bytes(32, "big"))


@lru_cache(maxsize=4)
def _public_for(private_b64: str) -> str:
    return public_key_b64(private_key_from_b64(private_b64))


def vapid_public_key() -> str:
    return _public_for(settings.VOC_PUSH_VAPID_PRIVATE_KEY)
