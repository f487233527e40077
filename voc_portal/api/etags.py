"""ETag / If-Match for objects a phone may edit from a stale screen.

The ETag is a hash of the object's identity and its last-change time (or version). GET returns
it; PUT/PATCH/DELETE with an If-Match that does not match answer 412 "precondition_failed".
If-Match is optional (a client that omits it gets last-write-wins); our app always sends it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import PreconditionFailed

IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The ETag from the last GET; a stale one answers 412 precondition_failed.",
)


def etag_for(kind: str, *parts: Any) -> str:
    raw = ":".join([kind, *(p.isoformat() if hasattr(p, "isoformat") else str(p) for p in parts)])
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _candidates(header: str) -> list[str]:
    return [value.strip().removeprefix("W/") for value in header.split(",") if value.strip()]


def check_if_match(request, current_etag: str | None) -> None:
    """Raise 412 when the request's If-Match names another version than `current_etag`.

    `current_etag` None means the object does not exist (e.g. no official reply yet): then any
    If-Match fails, `*` included (RFC 9110 §13.1.1).
    """
    header = request.headers.get("If-Match")
    if header is None:
        return
    candidates = _candidates(header)
    if "*" in candidates and current_etag is not None:
        return
    if current_etag is None or current_etag not in candidates:
        raise PreconditionFailed()
