"""Builds the inquiry emails (what to send). Services decide when; the outbox sends."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse

from voc_portal.accounts.models import User
from voc_portal.mail.reply_tokens import reply_address
from voc_portal.mail.services import EmailSpec, RenderedEmail, render_email

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
            "inquiry": inquiry,
            "inquiry_no": inquiry.number,
            "app_title": inquiry.app.title,
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
            "inquiry": inquiry,
            "inquiry_no": inquiry.number,
            "app_title": inquiry.app.title,
            "account_name": inquiry.account.name,
            "subject": inquiry.subject,
            "body": message.body,
            "thread_url": _url("inquiries:my_detail", inquiry.pk),
            "recipient_name": customer_user.get_short_name(),
        },
    )


def reply_address_expired_spec(
    *, inquiry: Inquiry, user: User, inbound_message_id: str
) -> EmailSpec:
    """The polite bounce for an answer to an expired reply address, to its owner (the verified
    sender), in their language: how to answer instead. Its own Reply-To is a fresh address."""
    thread = "inquiries:my_detail" if inquiry.customer.user_id == user.pk else "inquiries:detail"
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
            "inquiry_no": inquiry.number,
            "subject": inquiry.subject,
            "max_age_days": settings.VOC_REPLY_TOKEN_MAX_AGE_DAYS,
            "thread_url": _url(thread, inquiry.pk),
            "recipient_name": user.get_short_name(),
        },
    )


def customer_reply_preview(*, inquiry: Inquiry, body: str) -> RenderedEmail:
    """The email the customer would get for this reply text, rendered by the same spec and
    function as the real one (nothing is stored or sent)."""
    draft = Message(inquiry=inquiry, author_kind="developer", body=body)
    spec = customer_reply_spec(inquiry=inquiry, message=draft, references=[])
    return render_email(spec.template, spec.context, spec.language)
