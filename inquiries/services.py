"""Every write to inquiries: creating, follow-ups, replies, notes, close/reopen, templates.

Each service runs in one transaction, locks the inquiry row for changes, writes InquiryEvent rows,
keeps `search_text` and `last_message_at` up to date and queues emails in the outbox (sent after
commit). The 3-day clock (PRODUCT.md rule 1) lives here:

* a customer message that no developer reply follows starts a clock (awaiting, due = + deadline);
* a further customer message while awaiting keeps the running clock (due_at does not move);
* a developer reply (web, API or email) stops it; an internal note never touches it;
* a customer message after an answer or a close starts a new clock (clock + 1, not escalated).

Reopen by a developer (decision): the inquiry goes back to the state rule 1 gives it. If a
developer reply follows the last customer message it is `answered` (nothing awaits the developer);
otherwise it awaits the developer on a new clock starting at the reopen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer, Membership, User
from voc_portal.accounts.selectors import account_member_list
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.errors import DomainError, InvalidTransition, NotFound
from voc_portal.mail.services import outbound_email_queue

from . import emails
from .attachments import CheckedAttachment, attachment_check_all
from .hooks import inquiry_answered
from .models import (
    Attachment,
    Category,
    Inquiry,
    InquiryEvent,
    Message,
    ReplyTemplate,
    Status,
)

SUBJECT_MAX = 150
BODY_MAX = 5000

Author = Message.Author
Via = Message.Via
Kind = InquiryEvent.Kind


# --- validation shared by web, API and email ----------------------------------------------------


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


def _attachments_clean(attachments: Iterable) -> list[CheckedAttachment]:
    items = list(attachments or ())
    if items and all(isinstance(a, CheckedAttachment) for a in items):
        return items
    return attachment_check_all(items)


# --- helpers -------------------------------------------------------------------------------------


@contextmanager
def _atomic_with_files():
    """A transaction that also removes the files it stored when it fails (no orphan uploads)."""
    stored: list = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _lock(inquiry: Inquiry) -> Inquiry:
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("app", "customer__user", "account")
        .get(pk=inquiry.pk)
    )


def _sync(target: Inquiry, source: Inquiry, fields: Iterable[str]) -> None:
    """Let the caller's instance see what was saved (no extra query)."""
    for name in fields:
        setattr(target, name, getattr(source, name))


def _event(inquiry: Inquiry, kind: str, *, actor: User | None, now: datetime, **data) -> None:
    InquiryEvent.objects.create(
        inquiry=inquiry, kind=kind, clock=inquiry.clock, actor=actor, created_at=now, data=data
    )


def _check_transition(inquiry: Inquiry, to: str) -> None:
    if not inquiry.can_transition(to):
        raise InvalidTransition(
            _("This inquiry is %(state)s; that change is not possible.")
            % {"state": inquiry.get_status_display()}
        )


def _start_clock(inquiry: Inquiry, now: datetime, *, new: bool) -> None:
    if new:
        inquiry.clock += 1
    inquiry.status = Status.AWAITING_DEVELOPER
    inquiry.awaiting_since = now
    inquiry.due_at = now + settings.VOC_ANSWER_DEADLINE
    inquiry.escalated_at = None
    inquiry.closed_at = None


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


def _require_member(inquiry: Inquiry, user: User) -> None:
    if not Membership.objects.filter(account_id=inquiry.account_id, user_id=user.pk).exists():
        raise NotFound(_("No such inquiry."))


# --- services ------------------------------------------------------------------------------------


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
    checked = _attachments_clean(attachments)
    if purchase is not None and (purchase.customer_id != customer.pk or purchase.app_id != app.pk):
        raise DomainError(
            _("Choose one of your own purchases of this app."),
            code="foreign_purchase",
            field="purchase",
        )
    now = timezone.now()
    with _atomic_with_files() as stored:
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
        _start_clock(inquiry, now, new=False)
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
        _event(inquiry, Kind.CREATED, actor=customer.user, now=now, via=via)
        _notify_members(inquiry, message, first=True)
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
    checked = _attachments_clean(attachments)
    with _atomic_with_files() as stored:
        locked = _lock(inquiry)
        existing = _existing_inbound(locked, inbound_message_id)
        if existing is not None:
            return existing
        now = timezone.now()
        fields = ["search_text", "last_message_at"]
        if locked.status != Status.AWAITING_DEVELOPER:
            previous = locked.status
            _check_transition(locked, Status.AWAITING_DEVELOPER)
            _start_clock(locked, now, new=True)
            fields += ["status", "clock", "awaiting_since", "due_at", "escalated_at", "closed_at"]
            if previous == Status.CLOSED:
                _event(locked, Kind.REOPENED, actor=customer.user, now=now, by="customer")
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
    _sync(inquiry, locked, fields)
    return message


def inquiry_reply(
    *,
    inquiry: Inquiry,
    author: User,
    body: str,
    via: str = Via.WEB,
    inbound_message_id: str | None = None,
) -> Message:
    """A developer answers: the clock stops and the customer gets the reply by email."""
    _require_member(inquiry, author)
    body = body_clean(body)
    with transaction.atomic():
        locked = _lock(inquiry)
        existing = _existing_inbound(locked, inbound_message_id)
        if existing is not None:
            return existing
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("This inquiry is closed; reopen it to reply."))
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
            late = locked.escalated_at is not None
            locked.status = Status.ANSWERED
            locked.awaiting_since = None
            locked.due_at = None
            fields += ["status", "awaiting_since", "due_at"]
            if locked.first_response_at is None:
                locked.first_response_at = now
                fields.append("first_response_at")
            _event(locked, Kind.ANSWERED, actor=author, now=now, message_id=message.pk, via=via)
            if late:
                _event(
                    locked,
                    Kind.ANSWERED_LATE,
                    actor=author,
                    now=now,
                    answered_at=now.isoformat(),
                    escalated_at=locked.escalated_at.isoformat(),
                )
            # Refunds notes a late answer on the escalation case; ops still decide (issue 4).
            inquiry_answered.send(inquiry=locked, answered_at=now, late=late)
        locked.save(update_fields=fields)
        email = outbound_email_queue(
            spec=emails.customer_reply_spec(inquiry=locked, message=message, references=references)
        )
        message.email = email
        message.save(update_fields=["email"])
    _sync(inquiry, locked, fields)
    return message


def inquiry_note_add(*, inquiry: Inquiry, author: User, body: str, via: str = Via.WEB) -> Message:
    """An internal note for the account: never emailed, never touches the clock."""
    _require_member(inquiry, author)
    body = body_clean(body)
    with transaction.atomic():
        locked = _lock(inquiry)
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
    _sync(inquiry, locked, ["search_text"])
    return message


def inquiry_close(*, inquiry: Inquiry, actor: User) -> Inquiry:
    """Close the conversation; a running clock ends. A later customer message reopens it."""
    _require_member(inquiry, actor)
    with transaction.atomic():
        locked = _lock(inquiry)
        _check_transition(locked, Status.CLOSED)
        now = timezone.now()
        was = locked.status
        locked.status = Status.CLOSED
        locked.awaiting_since = None
        locked.due_at = None
        locked.closed_at = now
        fields = ["status", "awaiting_since", "due_at", "closed_at"]
        locked.save(update_fields=fields)
        _event(locked, Kind.CLOSED, actor=actor, now=now, previous=was)
    _sync(inquiry, locked, fields)
    return inquiry


def _answered_after_last_customer_message(inquiry: Inquiry) -> bool:
    last = (
        Message.objects.filter(inquiry=inquiry, is_internal=False)
        .exclude(author_kind=Author.SYSTEM)
        .order_by("-created_at", "-id")
        .values_list("author_kind", flat=True)
        .first()
    )
    return last is not None and last != Author.CUSTOMER


def inquiry_reopen(*, inquiry: Inquiry, actor: User) -> Inquiry:
    """A developer reopens a closed inquiry (see the module docstring for the state it gets)."""
    _require_member(inquiry, actor)
    with transaction.atomic():
        locked = _lock(inquiry)
        if locked.status != Status.CLOSED:
            raise InvalidTransition(_("Only a closed inquiry can be reopened."))
        now = timezone.now()
        fields = ["status", "closed_at"]
        if _answered_after_last_customer_message(locked):
            _check_transition(locked, Status.ANSWERED)
            locked.status = Status.ANSWERED
            locked.closed_at = None
        else:
            _check_transition(locked, Status.AWAITING_DEVELOPER)
            _start_clock(locked, now, new=True)
            fields += ["clock", "awaiting_since", "due_at", "escalated_at"]
        locked.save(update_fields=fields)
        _event(locked, Kind.REOPENED, actor=actor, now=now, by="developer", state=locked.status)
    _sync(inquiry, locked, fields)
    return inquiry


# --- reply templates -----------------------------------------------------------------------------

_VARIABLE = re.compile(r"\{(customer_name|app|inquiry_no)\}")


def reply_template_render(*, template: ReplyTemplate, inquiry: Inquiry) -> str:
    """Fill {customer_name}, {app}, {inquiry_no}; any other braces stay as they are."""
    values = {
        "customer_name": inquiry.customer.name,
        "app": inquiry.app.title,
        "inquiry_no": inquiry.number,
    }
    return _VARIABLE.sub(lambda m: values[m.group(1)], template.body)


def reply_template_save(
    *, account_id: int, name: str, body: str, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    name = (name or "").strip()
    body = (body or "").strip()
    if not name or not body:
        raise DomainError(_("A template needs a name and a text."), code="invalid")
    if len(body) > BODY_MAX:
        raise DomainError(_("A message can have at most 5000 characters."), code="invalid_body")
    clash = ReplyTemplate.objects.filter(account_id=account_id, name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(_("A template with this name exists."), code="duplicate", field="name")
    with transaction.atomic():
        if template is None:
            template = ReplyTemplate(account_id=account_id)
        elif template.account_id != account_id:
            raise NotFound(_("No such template."))
        template.name = name
        template.body = body
        template.save()
    return template


def reply_template_delete(*, template: ReplyTemplate, account_id: int) -> None:
    if template.account_id != account_id:
        raise NotFound(_("No such template."))
    template.delete()
