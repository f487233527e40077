"""Builds the inquiry emails (what to send). Services decide when; the outbox sends."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse

from voc_portal.accounts.models import User
from voc_portal.mail.reply_tokens import reply_address
from voc_portal.mail.services import EmailSpec, RenderedEmail, customer_name, render_email

from .models import Inquiry, Message


def _url(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"pk": pk})


def member_notification_spec(
    *, inquiry: Inquiry, message: Message, member: User, first: bool
) -> EmailSpec:
    """New inquiry (first=True) or a customer follow-up, to one member in their language."""
    kind = "inquiry_new" if first else "inquiry_followup"
    cause = f"inquiry-new:{inquiry.pk}" if first else f"inquiry-followup:{message.pk}"
    return EmailSpec(
        kind=kind,
        template=kind,
        to_email=member.email,
        to_user_id=member.pk,
        language=member.language,
        dedupe_key=f"{cause}:{member.pk}",
        reply_to=reply_address(inquiry_id=inquiry.pk, user_id=member.pk),
        context={
            "audience": "member",
            "inquiry": inquiry,
            "inquiry_no": inquiry.number,
            "app_title": inquiry.app.title,
            "account_name": inquiry.account.name,
            # Developers see a customer by the public name only (docs/privacy.md).
            "customer_name": inquiry.customer.public_name,
            "customer_number": inquiry.customer.customer_number,
            "category": inquiry.get_category_display(),
            "subject": inquiry.subject,
            "body": message.body,
            "due_at": inquiry.due_at,
            "thread_url": _url("inquiries:detail", inquiry.pk),
            "recipient_name": member.get_short_name(),
        },
    )


def customer_reply_spec(*, inquiry: Inquiry, message: Message, references: list[str]) -> EmailSpec:
    """A developer reply, to the customer in the customer's language, in the inquiry's thread."""
    customer_user = inquiry.customer.user
    return EmailSpec(
        kind="inquiry_reply",
        template="inquiry_reply",
        to_email=customer_user.email,
        to_user_id=customer_user.pk,
        language=customer_user.language,
        dedupe_key=f"inquiry-reply:{message.pk}",
        reply_to=reply_address(inquiry_id=inquiry.pk, user_id=customer_user.pk),
        references=references,
        context={
            "audience": "customer",
            "inquiry": inquiry,
            "inquiry_no": inquiry.number,
            "app_title": inquiry.app.title,
            "account_name": inquiry.account.name,
            "subject": inquiry.subject,
            "body": message.body,
            "thread_url": _url("inquiries:my_detail", inquiry.pk),
            "recipient_name": customer_name(customer_user),
        },
    )


def customer_ack_spec(*, inquiry: Inquiry, message: Message) -> EmailSpec:
    """The acknowledgment of a new inquiry, to the customer in their language: once per inquiry.
    Its Reply-To adds the customer's answer to the inquiry (inquiries.inbound)."""
    customer_user = inquiry.customer.user
    return EmailSpec(
        kind="inquiry_ack",
        template="inquiry_ack",
        to_email=customer_user.email,
        to_user_id=customer_user.pk,
        language=customer_user.language,
        dedupe_key=f"inquiry-ack:{inquiry.pk}",
        reply_to=reply_address(inquiry_id=inquiry.pk, user_id=customer_user.pk),
        context={
            "audience": "customer",
            "inquiry_no": inquiry.number,
            "app_title": inquiry.app.title,
            "account_name": inquiry.account.name,
            "category": inquiry.get_category_display(),
            "subject": inquiry.subject,
            "body": message.body,
            "created_at": message.created_at,
            "due_at": inquiry.due_at,
            "thread_url": _url("inquiries:my_detail", inquiry.pk),
            "recipient_name": customer_name(customer_user),
        },
    )


def reply_address_expired_spec(
    *, inquiry: Inquiry, user: User, inbound_message_id: str
) -> EmailSpec:
    """The polite bounce for an answer to an expired reply address, to its owner (the verified
    sender), in their language: how to answer instead. Its own Reply-To is a fresh address."""
    is_customer = inquiry.customer.user_id == user.pk
    thread = "inquiries:my_detail" if is_customer else "inquiries:detail"
    digest = hashlib.sha256(inbound_message_id.encode()).hexdigest()[:32]
    return EmailSpec(
        kind="reply_address_expired",
        template="reply_address_expired",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"reply-expired:{inquiry.pk}:{user.pk}:{digest}",
        reply_to=reply_address(inquiry_id=inquiry.pk, user_id=user.pk),
        context={
            "audience": "customer" if is_customer else "member",
            "inquiry_no": inquiry.number,
            "subject": inquiry.subject,
            "max_age_days": settings.VOC_REPLY_TOKEN_MAX_AGE_DAYS,
            "thread_url": _url(thread, inquiry.pk),
            "recipient_name": customer_name(user) if is_customer else user.get_short_name(),
        },
    )


def _team_context(inquiry: Inquiry, user: User) -> dict:
    return {
        "inquiry_no": inquiry.number,
        "app_title": inquiry.app.title,
        "subject": inquiry.subject,
        "thread_url": _url("inquiries:detail", inquiry.pk),
        "recipient_name": user.get_short_name(),
    }


def assigned_spec(*, inquiry: Inquiry, assignee: User, by: User | None, event_id: int) -> EmailSpec:
    """Tells a member an inquiry is now theirs (by a teammate or by round-robin)."""
    return EmailSpec(
        kind="inquiry_assigned",
        template="inquiry_assigned",
        to_email=assignee.email,
        to_user_id=assignee.pk,
        language=assignee.language,
        dedupe_key=f"inquiry-assigned:{event_id}",
        reply_to=reply_address(inquiry_id=inquiry.pk, user_id=assignee.pk),
        context={**_team_context(inquiry, assignee), "by_name": by.get_full_name() if by else ""},
    )


def mention_spec(*, inquiry: Inquiry, message: Message, mentioned: User) -> EmailSpec:
    """A teammate mentioned this member in an internal note (the note is quoted; team only)."""
    author = message.author
    return EmailSpec(
        kind="inquiry_mention",
        template="inquiry_mention",
        to_email=mentioned.email,
        to_user_id=mentioned.pk,
        language=mentioned.language,
        dedupe_key=f"inquiry-mention:{message.pk}:{mentioned.pk}",
        context={
            **_team_context(inquiry, mentioned),
            "author_name": author.get_full_name() if author else "",
            "body": message.body,
        },
    )


def reply_refused_spec(*, inquiry: Inquiry, user: User, inbound_message_id: str) -> EmailSpec:
    """The notice to a member whose role may not send replies (read-only) and who answered a
    notification by email: the reply was not sent to the customer."""
    digest = hashlib.sha256(inbound_message_id.encode()).hexdigest()[:32]
    return EmailSpec(
        kind="inquiry_reply_refused",
        template="inquiry_reply_refused",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"reply-refused:{inquiry.pk}:{user.pk}:{digest}",
        context=_team_context(inquiry, user),
    )


def customer_reply_preview(*, inquiry: Inquiry, body: str) -> RenderedEmail:
    """The email the customer would get for this reply text, rendered by the same spec and
    function as the real one (nothing is stored or sent)."""
    draft = Message(inquiry=inquiry, author_kind="developer", body=body)
    spec = customer_reply_spec(inquiry=inquiry, message=draft, references=[])
    return render_email(spec.template, spec.context, spec.language)
