"""Serving a stored attachment: to its customer or to a member of the inquiry's account.

The only way to a stored file (there is no /media/ route): the caller has authorised the reader
with a scoped selector. Images are shown inline; anything else (PDF) is a download, so a
crafted document never renders in the portal's origin.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from ..attachments import IMAGE_TYPES

# The raster types attachment_check lets through (never SVG: it can carry script).
INLINE_TYPES = frozenset(IMAGE_TYPES.values())


def attachment_response(attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("File missing.") from exc
    inline = attachment.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
