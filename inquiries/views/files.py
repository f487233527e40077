"""Serving a stored attachment: to its customer or to a member of the inquiry's account."""

from __future__ import annotations

from django.http import FileResponse, Http404


def attachment_response(attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("File missing.") from exc
    inline = attachment.content_type.startswith("image/") or attachment.content_type.endswith("pdf")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
