"""What a customer may attach: a few image types and PDF, small, checked by content not name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.files.base import File
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from voc_portal.core.errors import DomainError

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
# Pillow's format name -> the content type we store and serve.
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
PDF_TYPE = "application/pdf"


class BadAttachment(DomainError):
    """This file cannot be attached."""

    code = "bad_attachment"


@dataclass(frozen=True)
class CheckedAttachment:
    file: File
    original_name: str
    content_type: str
    size: int

    @property
    def storage_name(self) -> str:
        """A safe, unique name for storage; the original name is kept for display only."""
        base = get_valid_filename(self.original_name.rsplit("/", 1)[-1])[-80:] or "file"
        return f"{uuid.uuid4().hex[:12]}-{base}"


def attachment_check(upload: File) -> CheckedAttachment:
    """Sniff the content: Pillow must verify an image of an allowed format, or "%PDF-" header."""
    name = str(getattr(upload, "name", "") or "file")[-200:]
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise BadAttachment(_("The file %(name)s is empty.") % {"name": name})
    if size > MAX_ATTACHMENT_SIZE:
        raise BadAttachment(_("The file %(name)s is larger than 5 MB.") % {"name": name})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return CheckedAttachment(file=upload, original_name=name, content_type=PDF_TYPE, size=size)
    try:
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadAttachment(
            _("The file %(name)s is not a PNG, JPEG, GIF, WebP image or PDF.") % {"name": name}
        ) from exc
    finally:
        upload.seek(0)
    if fmt not in IMAGE_TYPES:
        raise BadAttachment(
            _("The file %(name)s is not a PNG, JPEG, GIF, WebP image or PDF.") % {"name": name}
        )
    return CheckedAttachment(
        file=upload, original_name=name, content_type=IMAGE_TYPES[fmt], size=size
    )


def attachment_check_all(uploads) -> list[CheckedAttachment]:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise BadAttachment(_("Attach at most 3 files."))
    return [attachment_check(u) for u in uploads]
