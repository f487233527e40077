"""The official reply's ETag, and the If-Match test the reply services run under the row lock."""

from __future__ import annotations

from voc_portal.api.etags import etag_for

from .models import OfficialReply


def official_reply_etag(reply: OfficialReply | None) -> str | None:
    """Changes whenever the reply's text does (version) or it is re-created (pk)."""
    return etag_for("official_reply", reply.pk, reply.version) if reply is not None else None


def if_match_holds(header: str | None, current_etag: str | None) -> bool:
    """Whether an If-Match value lets a write go ahead on the object tagged `current_etag`.

    The rule of voc_portal.api.etags.check_if_match, on the header's value rather than a
    request, so a service can test it under its row lock: no header lets the write go ahead
    (last write wins); `current_etag` None means there is no object, and then nothing matches,
    `*` included (RFC 9110 §13.1.1); a weak tag (W/"...") compares like the strong one.
    """
    if header is None:
        return True
    if current_etag is None:
        return False
    candidates = [value.strip().removeprefix("W/") for value in header.split(",") if value.strip()]
    return "*" in candidates or current_etag in candidates
