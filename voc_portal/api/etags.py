"""ETag / If-Match for objects a phone may edit from a stale screen.

The ETag is a hash of the object's identity and its last-change time (or version). GET returns
it; an edit must send it back as If-Match. The one rule, on the header's value (no request), so
a service can apply it under its row lock:
- no header on an object that exists, or an empty one at all: 428 precondition_required (when
  the caller takes part in the protocol: the API does; the web forms carry no ETag);
- a header that names another version (a literal `""` included: a tag, just never ours): 412;
- no object (e.g. no official reply yet): nothing matches, `*` included (RFC 9110 §13.1.1).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from voc_portal.core.errors import PreconditionFailed, PreconditionRequired

IF_MATCH_DESCRIPTION = (
    "The ETag from the last GET (`*` for any version). Required: without it (or with an empty "
    "value) the answer is 428 precondition_required; a stale one answers 412 precondition_failed."
)
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=IF_MATCH_DESCRIPTION,
)

# PUT of an official reply: the first one has no ETag to send back yet.
IF_MATCH_EDIT_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag from the last GET. Required once the object exists (428 precondition_required "
        "without it or with an empty value); omit it to create. A stale one answers 412."
    ),
)


def etag_for(kind: str, *parts: Any) -> str:
    raw = ":".join([kind, *(p.isoformat() if hasattr(p, "isoformat") else str(p) for p in parts)])
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def if_match_holds(header: str | None, current_etag: str | None) -> bool:
    """Whether an If-Match value names `current_etag` (weak tags compare like strong ones).

    No header (None) holds: whether one is required is if_match_check's business.
    """
    if header is None:
        return True
    if current_etag is None:
        return False
    candidates = [value.strip().removeprefix("W/") for value in header.split(",") if value.strip()]
    return "*" in candidates or current_etag in candidates


def if_match_check(header: str | None, current_etag: str | None, *, required: bool) -> None:
    """Raise PreconditionRequired / PreconditionFailed per the module's rule."""
    if header is not None and not header.strip():
        if required:  # an empty If-Match names no version: never valid where one is asked for
            raise PreconditionRequired(
                _("Send the ETag you last read as If-Match (GET the object first).")
            )
        header = None
    if header is None:
        if required and current_etag is not None:
            raise PreconditionRequired(
                _("Send the ETag you last read as If-Match (GET the object first).")
            )
        return
    if not if_match_holds(header, current_etag):
        raise PreconditionFailed(_("This object was changed since you read it. Reload and retry."))
