"""Messages on an inquiry's thread: the customer's first message and follow-ups, developer
replies and internal notes. Customer messages start or keep the 3-day clock; a reply stops it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer, User
from voc_portal.accounts.roles import Action
from voc_portal.accounts.selectors import account_member_list
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.errors import DomainError, InvalidTransition, NotFound
from voc_portal.mail.services import outbound_email_queue
from voc_portal.push.services import push_notify

from .. import emails, pushes
from ..attachments import CheckedAttachment
from ..hooks import inquiry_answered, inquiry_created
from ..models import Attachment, Category, Inquiry, InquiryEvent, Message, Status, system_text
from .assignment import inquiry_round_robin_assign
from .mentions import mentioned_members
from .shared import (
    atomic_with_files,
    clock_start,
    event_write,
    inquiry_lock,
    instance_sync,
    member_require,
    transition_check,
)
from .validation import attachments_clean, body_clean, subject_clean
from .versions import stale_reply_check

Author = Message.Author
Via = Message.Via
Kind = InquiryEvent.Kind

# The fields a new clock changes (besides the message fields every customer message changes).
_CLOCK_FIELDS = ["status", "clock", "awaiting_since", "due_at", "escalated_at", "closed_at"]


def _add_message(
    inquiry: Inquiry,
    *,
    author_kind: str,
    author: User | None,
    body: str,
    via: str,
    now: datetime,
    is_internal: bool = False,
    inbound_message_id: str | None = None,
    attachments: list[CheckedAttachment] = (),  # type: ignore[assignment]
    stored: list | None = None,
) -> Message:
    message = Message.objects.create(
        inquiry=inquiry,
        author_kind=author_kind,
        author=author,
        via=via,
        is_internal=is_internal,
        body=body,
        created_at=now,
        inbound_message_id=inbound_message_id or None,
    )
    for item in attachments:
        attachment = Attachment(
            message=message,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
        )
        attachment.file.save(item.storage_name, item.file, save=False)
        if stored is not None:
            stored.append(attachment.file)
        attachment.save()
    inquiry.search_text = f"{inquiry.search_text}\n{body}" if inquiry.search_text else body
    if not is_internal:
        inquiry.last_message_at = now
    return message


def _notify_members(inquiry: Inquiry, message: Message, *, first: bool) -> None:
    for member in account_member_list(inquiry.account, notify_only=True):
        outbound_email_queue(
            spec=emails.member_notification_spec(
                inquiry=inquiry, message=message, member=member, first=first
            )
        )


def _existing_inbound(inquiry: Inquiry, inbound_message_id: str | None) -> Message | None:
    """The same inbound email delivered twice stores one message: return the first one."""
    if not inbound_message_id:
        return None
    return Message.objects.filter(inquiry=inquiry, inbound_message_id=inbound_message_id).first()


def _thread_references(inquiry: Inquiry, customer_user_id: int) -> list[str]:
    """Message-IDs already in the customer's thread, oldest first: our replies and their emails."""
    ids: list[tuple[datetime, int, str]] = []
    for msg in (
        Message.objects.filter(inquiry=inquiry, is_internal=False)
        .filter(email__isnull=False, email__to_user_id=customer_user_id)
        .select_related("email")
    ):
        ids.append((msg.created_at, msg.pk, msg.email.message_id))
    for msg in Message.objects.filter(
        inquiry=inquiry, author_kind=Author.CUSTOMER, inbound_message_id__isnull=False
    ):
        mid = msg.inbound_message_id.strip()
        ids.append((msg.created_at, msg.pk, mid if mid.startswith("<") else f"<{mid}>"))
    ids.sort()
    return [mid for _, _, mid in ids]


def _purchase_check(purchase: Purchase | None, *, customer: Customer, app: App) -> None:
    if purchase is not None and (purchase.customer_id != customer.pk or purchase.app_id != app.pk):
        raise DomainError(
            _("Choose one of your own purchases of this app."),
            code="foreign_purchase",
            field="purchase",
        )


def inquiry_create(
    *,
    customer: Customer,
    app: App,
    category: str,
    subject: str,
    body: str,
    purchase: Purchase | None = None,
    attachments: Iterable = (),
    via: str = Via.WEB,
) -> Inquiry:
    """A customer contacts the seller of `app`: the first message starts clock 1."""
    if category not in Category.values:
        raise DomainError(_("Choose a category."), code="invalid_category", field="category")
    subject = subject_clean(subject)
    body = body_clean(body)
    checked = attachments_clean(attachments)
    _purchase_check(purchase, customer=customer, app=app)
    now = timezone.now()
    with atomic_with_files() as stored:
        inquiry = Inquiry(
            account_id=app.account_id,
            app=app,
            customer=customer,
            purchase=purchase,
            category=category,
            subject=subject,
            created_at=now,
            last_message_at=now,
            search_text=subject,
        )
        clock_start(inquiry, now, new=False)
        inquiry.save()
        message = _add_message(
            inquiry,
            author_kind=Author.CUSTOMER,
            author=customer.user,
            body=body,
            via=via,
            now=now,
            attachments=checked,
            stored=stored,
        )
        inquiry.save(update_fields=["search_text", "last_message_at"])
        event_write(
            inquiry, Kind.CREATED, actor=customer.user, now=now, to_state=inquiry.status, via=via
        )
        inquiry_round_robin_assign(inquiry=inquiry)
        _notify_members(inquiry, message, first=True)
        push_notify(notice=pushes.created_notice(inquiry=inquiry))
        # The customer hears that it arrived, and when to expect an answer (one per inquiry).
        outbound_email_queue(spec=emails.customer_ack_spec(inquiry=inquiry, message=message))
        inquiry_created.send(inquiry=inquiry)
    return inquiry


def inquiry_customer_followup(
    *,
    inquiry: Inquiry,
    customer: Customer,
    body: str,
    via: str = Via.WEB,
    inbound_message_id: str | None = None,
    attachments: Iterable = (),
) -> Message:
    """The customer writes again. After an answer or a close this starts a new clock."""
    if inquiry.customer_id != customer.pk:
        raise NotFound(_("No such inquiry."))
    body = body_clean(body)
    checked = attachments_clean(attachments)
    with atomic_with_files() as stored:
        locked = inquiry_lock(inquiry)
        existing = _existing_inbound(locked, inbound_message_id)
        if existing is not None:
            return existing
        now = timezone.now()
        fields = ["search_text", "last_message_at"]
        if locked.status != Status.AWAITING_DEVELOPER:
            previous = locked.status
            transition_check(locked, Status.AWAITING_DEVELOPER)
            clock_start(locked, now, new=True)
            fields += _CLOCK_FIELDS
            if previous == Status.CLOSED:
                event_write(
                    locked,
                    Kind.REOPENED,
                    actor=customer.user,
                    now=now,
                    from_state=previous,
                    to_state=locked.status,
                    by="customer",
                )
        message = _add_message(
            locked,
            author_kind=Author.CUSTOMER,
            author=customer.user,
            body=body,
            via=via,
            now=now,
            inbound_message_id=inbound_message_id,
            attachments=checked,
            stored=stored,
        )
        locked.save(update_fields=fields)
        _notify_members(locked, message, first=False)
    instance_sync(inquiry, locked, fields)
    return message


def _clock_stop(
    locked: Inquiry, *, author: User, message: Message, via: str, now: datetime
) -> list[str]:
    """A reply to an inquiry awaiting the developer answers it; late if already escalated."""
    late = locked.escalated_at is not None
    locked.status = Status.ANSWERED
    locked.awaiting_since = None
    locked.due_at = None
    fields = ["status", "awaiting_since", "due_at"]
    if locked.first_response_at is None:
        locked.first_response_at = now
        fields.append("first_response_at")
    event_write(
        locked,
        Kind.ANSWERED,
        actor=author,
        now=now,
        from_state=Status.AWAITING_DEVELOPER,
        to_state=Status.ANSWERED,
        message_id=message.pk,
        via=via,
    )
    if late:
        event_write(
            locked,
            Kind.ANSWERED_LATE,
            actor=author,
            now=now,
            answered_at=now.isoformat(),
            escalated_at=locked.escalated_at.isoformat(),
        )
    # Refunds notes a late answer on the escalation case; ops still decide (issue 4).
    inquiry_answered.send(inquiry=locked, answered_at=now, late=late)
    return fields


def inquiry_reply(
    *,
    inquiry: Inquiry,
    author: User,
    body: str,
    via: str = Via.WEB,
    inbound_message_id: str | None = None,
    seen_version: int | None = None,
) -> Message:
    """A developer answers: the clock stops and the customer gets the reply by email.

    `seen_version` (versions.thread_version as the caller last read it): the reply is held
    (PreconditionFailed) when a teammate replied since. None: no check (e.g. by email)."""
    member_require(inquiry, author, Action.INQUIRY_REPLY)
    body = body_clean(body)
    with transaction.atomic():
        locked = inquiry_lock(inquiry)
        existing = _existing_inbound(locked, inbound_message_id)
        if existing is not None:
            return existing
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("This inquiry is closed; reopen it to reply."))
        stale_reply_check(locked, author=author, seen_version=seen_version)
        now = timezone.now()
        fields = ["search_text", "last_message_at"]
        references = _thread_references(locked, locked.customer.user_id)
        message = _add_message(
            locked,
            author_kind=Author.DEVELOPER,
            author=author,
            body=body,
            via=via,
            now=now,
            inbound_message_id=inbound_message_id,
        )
        if locked.status == Status.AWAITING_DEVELOPER:
            fields += _clock_stop(locked, author=author, message=message, via=via, now=now)
        locked.save(update_fields=fields)
        email = outbound_email_queue(
            spec=emails.customer_reply_spec(inquiry=locked, message=message, references=references)
        )
        message.email = email
        message.save(update_fields=["email"])
    instance_sync(inquiry, locked, fields)
    return message


def inquiry_note_add(*, inquiry: Inquiry, author: User, body: str, via: str = Via.WEB) -> Message:
    """An internal note for the account: never emailed, never touches the clock."""
    member_require(inquiry, author, Action.INQUIRY_NOTE)
    body = body_clean(body)
    with transaction.atomic():
        locked = inquiry_lock(inquiry)
        message = _add_message(
            locked,
            author_kind=Author.DEVELOPER,
            author=author,
            body=body,
            via=via,
            now=timezone.now(),
            is_internal=True,
        )
        locked.save(update_fields=["search_text"])
        mentioned = mentioned_members(account_id=locked.account_id, body=body, author=author)
        if mentioned:
            message.data = {"mentions": [user.pk for user in mentioned]}
            message.save(update_fields=["data"])
        for user in mentioned:
            outbound_email_queue(
                spec=emails.mention_spec(inquiry=locked, message=message, mentioned=user)
            )
    instance_sync(inquiry, locked, ["search_text"])
    return message


def inquiry_system_message_add(*, inquiry_id: int, code: str, data: dict) -> Message:
    """A system message on the thread (e.g. a refund decision), stored as a code with
    parameters so every reader sees it in their own language. It does not touch the clock."""
    with transaction.atomic():
        inquiry = inquiry_lock(Inquiry(pk=inquiry_id))
        now = timezone.now()
        with translation.override("en"):  # the stored body is the English copy (search)
            body = system_text(code, data)
        message = Message.objects.create(
            inquiry=inquiry,
            author_kind=Author.SYSTEM,
            via=Via.SYSTEM,
            body=body,
            code=code,
            data=data,
            created_at=now,
        )
        inquiry.search_text = f"{inquiry.search_text}\n{body}" if inquiry.search_text else body
        inquiry.last_message_at = now
        inquiry.save(update_fields=["search_text", "last_message_at"])
    return message
