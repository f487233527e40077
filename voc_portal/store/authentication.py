"""The Store API's credentials: a signed request (signing.py) from the one store.

The body is read once, into a spooled file (memory up to 1 MB, disk beyond), hashed on the way;
the request then reads its body from that file, so multipart attachments and the NDJSON import
stay in bounded memory and nothing is parsed before the signature is checked.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, status

from .signing import signature_matches, store_keys, string_to_sign

CHUNK = 64 * 1024
CUSTOMER_HEADER = "HTTP_X_STORE_CUSTOMER_NUMBER"


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


@dataclass(frozen=True)
class StoreKey:
    """request.auth of a signed request: which of the store's keys signed it."""

    key_id: str


class StoreClient:
    """request.user of a signed request: the store itself (not a person)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    pk = None

    def __str__(self) -> str:
        return "store"


def _spool_body(django_request) -> str:
    """Reads the body into a spooled file, hands it back to the request; returns its SHA-256."""
    digest = hashlib.sha256()
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (the request owns it)
    limit, size = settings.VOC_STORE_MAX_BODY_BYTES, 0
    while chunk := django_request.read(CHUNK):
        size += len(chunk)
        if size > limit:
            spool.close()
            raise BodyTooLarge()
        digest.update(chunk)
        spool.write(chunk)
    spool.seek(0)
    django_request._stream = spool
    django_request._read_started = False
    django_request.store_body = spool
    return digest.hexdigest()


def _fail(message) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(message)


class StoreSignatureAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        meta = request._request.META
        key_id = meta.get("HTTP_X_STORE_KEY", "")
        timestamp = meta.get("HTTP_X_STORE_TIMESTAMP", "")
        signature = meta.get("HTTP_X_STORE_SIGNATURE", "")
        if not (key_id or timestamp or signature):
            return None
        if not (key_id and timestamp and signature):
            raise _fail(_("Send X-Store-Key, X-Store-Timestamp and X-Store-Signature together."))
        secret = store_keys().get(key_id)
        if secret is None:
            raise _fail(_("The key id is not one of the active store keys."))
        try:
            skew = abs(time.time() - int(timestamp))
        except ValueError as exc:
            raise _fail(_("X-Store-Timestamp must be Unix time in seconds.")) from exc
        if skew > settings.VOC_STORE_REPLAY_WINDOW:
            raise _fail(_("X-Store-Timestamp is outside the allowed window; check your clock."))
        message = string_to_sign(
            method=request._request.method,
            path=request._request.get_full_path(),
            timestamp=timestamp,
            body_sha256=_spool_body(request._request),
            customer_number=meta.get(CUSTOMER_HEADER, ""),
        )
        if not signature_matches(secret, message, signature):
            raise _fail(_("The signature does not match the request."))
        # A signature is good once: a captured request cannot be replayed inside the window.
        if not cache.add(f"store-sig:{signature}", 1, timeout=2 * settings.VOC_STORE_REPLAY_WINDOW):
            raise _fail(_("This signed request was already received."))
        return StoreClient(), StoreKey(key_id=key_id)

    def authenticate_header(self, request) -> str:
        return 'StoreSignature realm="store-api"'


class IsStore(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, StoreKey)


class StoreSignatureScheme(OpenApiAuthenticationExtension):
    target_class = "voc_portal.store.authentication.StoreSignatureAuthentication"
    name = "storeSignature"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Store-Signature",
            "description": (
                "HMAC-SHA256 (hex) of METHOD\\nPATH?QUERY\\nTIMESTAMP\\nSHA256(BODY)\\n"
                "CUSTOMER_NUMBER with the key named in X-Store-Key; X-Store-Timestamp is Unix "
                "time. See docs/store-integration.md."
            ),
        }
