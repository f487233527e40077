"""Inquiries' part of the data lifecycle (voc_portal.privacy orchestrates): its own rows only."""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from django.db import connection, models, transaction

from voc_portal.catalog.privacy import redact
from voc_portal.core.search import search_document

from ..models import Attachment, Inquiry, Message, Status


def inquiry_attachments_retention_purge(*, cutoff: datetime) -> int:
    """Destroys the attachments of inquiries closed before `cutoff`: rows in one DELETE …
    RETURNING, files after the commit. The messages stay, so the thread is still readable.
    Returns how many were destroyed; a second run finds nothing."""
    attachments = Attachment._meta.db_table
    sql = f"""
        DELETE FROM {attachments} a USING {Message._meta.db_table} m, {Inquiry._meta.db_table} i
        WHERE a.message_id = m.id AND m.inquiry_id = i.id AND i.status = %s AND i.closed_at < %s
        RETURNING a.file
    """  # noqa: S608 (table names from the models; values are parameters)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [Status.CLOSED, cutoff])
        files = [row[0] for row in cursor.fetchall()]
        transaction.on_commit(lambda: _files_delete(files))
    return len(files)


def _files_delete(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def customer_inquiries_export(*, customer_id: int) -> list[dict]:
    """The customer's inquiries with the messages they can see (access request; 2 queries)."""
    visible = Message.objects.filter(is_internal=False).order_by("created_at", "id")
    inquiries = (
        Inquiry.objects.filter(customer_id=customer_id)
        .select_related("app")
        .prefetch_related(models.Prefetch("messages", queryset=visible))
        .order_by("created_at", "id")
    )
    return [
        {
            "number": i.number,
            "app": i.app.title,
            "category": i.category,
            "subject": i.subject,
            "status": i.status,
            "created_at": i.created_at.isoformat(),
            "closed_at": i.closed_at.isoformat() if i.closed_at else None,
            "messages": [
                {"from": m.author_kind, "body": m.body, "at": m.created_at.isoformat()}
                for m in i.messages.all()
            ],
        }
        for i in inquiries
    ]


def customer_inquiries_erase(*, customer_id: int, identifiers: list[str]) -> int:
    """Erasure: the customer's messages and subjects keep their text minus detected personal
    data; their attachments are destroyed. A fixed number of statements (bulk updates)."""
    messages = list(
        Message.objects.filter(
            inquiry__customer_id=customer_id, author_kind=Message.Author.CUSTOMER
        )
    )
    for message in messages:
        message.body = redact(message.body, identifiers=identifiers)
    Message.objects.bulk_update(messages, ["body"])
    inquiries = list(Inquiry.objects.filter(customer_id=customer_id))
    for inquiry in inquiries:
        inquiry.subject = redact(inquiry.subject, identifiers=identifiers)[:150]
        inquiry.search_text = inquiry.subject
        inquiry.search_vector = search_document(inquiry.search_text)
    Inquiry.objects.bulk_update(inquiries, ["subject", "search_text", "search_vector"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Attachment._meta.db_table} a USING {Message._meta.db_table} m, "  # noqa: S608
            f"{Inquiry._meta.db_table} i WHERE a.message_id = m.id AND m.inquiry_id = i.id "
            "AND i.customer_id = %s RETURNING a.file",
            [customer_id],
        )
        files = [row[0] for row in cursor.fetchall()]
    transaction.on_commit(lambda: _files_delete(files))
    return len(messages)
