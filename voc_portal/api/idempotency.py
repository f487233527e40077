"""`Idempotency-Key` for unsafe methods: a retried request returns the first response.

Per (token, key) the first response (status, body) is stored in IdempotencyRecord. The record
is inserted in the same transaction as the handler's work, so:
- a replay with the same key and the same request returns the stored response, creating nothing;
- the same key with another method, path or body answers 422 "idempotency_key_reused"; a JSON
  body is compared as JSON (canonical form: sorted keys, no spaces), so the same object
  re-serialised is the same request;
- a concurrent duplicate blocks on the unique index until the first commits, then replays it;
- a 5xx (a bug) rolls everything back, so the retry runs again.
Keys are optional; without one a request simply runs. A key is 1 to 255 visible ASCII
characters (a UUID fits); anything else, an empty value included, answers 400, as the schema says.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .errors import IdempotencyKeyReused
from .models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_PATTERN = r"^[!-~]{1,255}$"
_KEY = re.compile(KEY_PATTERN)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        "A unique string per intended action (a UUID): 1 to 255 visible ASCII characters, else "
        "400. Retrying with the same key returns the first response and changes nothing (a JSON "
        "body is compared as JSON, not byte for byte); reusing it for another request answers 422."
    ),
    # drf-spectacular takes the pattern from a raw schema; see voc_portal.api.schema.
)


def _canonical_body(request) -> bytes:
    """A JSON body as canonical JSON; any other body as its bytes."""
    if request.body and (request.content_type or "").endswith("json"):
        data = request.data  # parsed (and limited) by DRF's parser; a bad body is its 400
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return request.body or b""


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0")
    digest.update(request.path.encode())
    digest.update(b"\0")
    digest.update(_canonical_body(request))
    return digest.hexdigest()


class _Stored(Exception):
    """Raised inside the atomic block to roll back a 5xx while keeping the response."""

    def __init__(self, response):
        self.response = response


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code)
    for name, value in (record.response_headers or {}).items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(handler):
    """Decorate an APIView method (post/put/patch/delete)."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not isinstance(request.auth, ApiToken):
            return handler(view, request, *args, **kwargs)
        if not _KEY.match(key):
            raise exceptions.ValidationError(
                {
                    HEADER: [
                        _("Send 1 to %(max)d visible ASCII characters (a UUID fits).")
                        % {"max": MAX_KEY_LENGTH}
                    ]
                }
            )
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                existing = IdempotencyRecord.objects.filter(token=request.auth, key=key).first()
                if existing is not None:
                    if existing.fingerprint != fingerprint:
                        raise IdempotencyKeyReused()
                    return _replay(existing)
                # Claim the key first: a concurrent twin blocks here until we commit.
                record = IdempotencyRecord.objects.create(
                    token=request.auth, key=key, fingerprint=fingerprint, status_code=0
                )
                response = _run(view, request, handler, args, kwargs)
                if response.status_code >= 500:
                    raise _Stored(response)
                record.status_code = response.status_code
                record.response_body = _json(response)
                record.response_headers = _kept_headers(response)
                record.save(update_fields=["status_code", "response_body", "response_headers"])
                return response
        except _Stored as stored:
            return stored.response
        except IntegrityError:
            # Our twin committed first: answer what it answered.
            existing = IdempotencyRecord.objects.filter(token=request.auth, key=key).first()
            if existing is None:
                raise
            if existing.fingerprint != fingerprint:
                raise IdempotencyKeyReused() from None
            return _replay(existing)

    return wrapper


def _run(view, request, handler, args, kwargs) -> Response:
    """Run the handler; a handled error (4xx) becomes its response so it is stored too."""
    try:
        with transaction.atomic():
            return handler(view, request, *args, **kwargs)
    except Exception as exc:
        response = view.handle_exception(exc)
        if response.status_code >= 500:
            raise
        return response


def _json(response) -> object:
    if response.data is None:
        return None
    return json.loads(JSONRenderer().render(response.data))


def _kept_headers(response) -> dict[str, str]:
    return {name: response[name] for name in ("ETag", "Location") if response.has_header(name)}
