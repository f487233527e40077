"""Input rules shared by web, API and email: forms check them too, services always do."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError

from ..attachments import CheckedAttachment, attachment_check_all

SUBJECT_MAX = 150
BODY_MAX = 5000


def subject_clean(subject: str) -> str:
    if "\r" in (subject or "") or "\n" in (subject or ""):
        raise DomainError(
            _("The subject must be one line."), code="invalid_subject", field="subject"
        )
    subject = (subject or "").replace("\x00", "").strip()
    if not subject:
        raise DomainError(_("Enter a subject."), code="invalid_subject", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(
            _("The subject can have at most 150 characters."),
            code="invalid_subject",
            field="subject",
        )
    return subject


def body_clean(body: str) -> str:
    # PostgreSQL text cannot hold NUL; email and API input may carry one.
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise DomainError(_("Write a message."), code="invalid_body", field="body")
    if len(body) > BODY_MAX:
        raise DomainError(
            _("A message can have at most 5000 characters."), code="invalid_body", field="body"
        )
    return body


def attachments_clean(attachments: Iterable) -> list[CheckedAttachment]:
    """Uploads checked by content; ones already checked (by the form or email) pass as they are."""
    items = list(attachments or ())
    if items and all(isinstance(a, CheckedAttachment) for a in items):
        return items
    return attachment_check_all(items)
