"""The official reply's ETag (the If-Match rule itself is voc_portal.api.etags.if_match_check)."""

from __future__ import annotations

from voc_portal.api.etags import etag_for

from .models import OfficialReply


def official_reply_etag(reply: OfficialReply | None) -> str | None:
    """Changes whenever the reply's text does (version) or it is re-created (pk)."""
    return etag_for("official_reply", reply.pk, reply.version) if reply is not None else None
