"""Reply by email: turn one inbound email into a message on its inquiry's thread.

The mail transport (voc_portal.mail: webhook signature, parsing) hands every inbound email to
`inbound_email_route` through the `inbound_email_received` hook (connected in
InquiriesConfig.ready()); `inbound_email_receive` does the rest in one transaction:

1. the recipient must be a signed reply address (reply_tokens) — else `unknown_recipient`;
2. the From address must be the token owner's email (case-insensitive) — else `wrong_sender`;
   an expired address (VOC_REPLY_TOKEN_MAX_AGE_DAYS) is refused (`reply_address_expired`) and
   its owner — the verified sender only, so no bounce to a forged From — gets a polite email
   (outbox) saying how to answer instead, with a fresh reply address;
3. the inquiry must exist and the token's user must be its customer (→ follow-up) or a member of
   its developer account (→ reply: stops the clock, emailed to the customer like any reply);
4. the Message-ID dedupes (normalised: no brackets or whitespace, domain lower-cased): the same
   email delivered again stores nothing (`duplicate`, 409);
5. automatic mail (out-of-office, bounces, lists) and provider-flagged spam are refused: an
   auto-reply must never restart the 3-day clock;
6. the quoted history is stripped; nothing left → `empty_body`.

A customer's attachments (screenshots, PDF) go through the same checks as on the web; files that
fail them (or beyond the limit) are left out and the text is kept. Inline parts (signature logos)
are ignored. Developer replies by email carry text only, like replies on the web.
"""

from __future__ import annotations

import logging
from typing import Any

from anymail.inbound import AnymailInboundMessage
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from voc_portal.accounts.access import ROLE_FORBIDS
from voc_portal.accounts.models import Membership, User
from voc_portal.core.errors import Conflict, DomainError, PermissionDenied
from voc_portal.mail.inbound import (
    InboundReceipt,
    InboundRejected,
    inbound_reply_token,
    inbound_text,
    is_automatic,
    message_id_normalise,
    quoted_history_strip,
)
from voc_portal.mail.reply_tokens import reply_token_expired
from voc_portal.mail.services import outbound_email_queue

from . import emails
from .attachments import MAX_ATTACHMENTS, CheckedAttachment, attachment_check
from .models import Inquiry, Message
from .services import inquiry_customer_followup, inquiry_reply

logger = logging.getLogger(__name__)


def inbound_email_route(*, message: AnymailInboundMessage, **kwargs: Any) -> InboundReceipt:
    """The `inbound_email_received` receiver: store the email, say what was stored."""
    stored = inbound_email_receive(message=message)
    return InboundReceipt(
        answer={"message_id": stored.pk, "inquiry_id": stored.inquiry_id},
        summary=(
            f"stored message {stored.pk} on inquiry {stored.inquiry_id} "
            f"({stored.author_kind}, via {stored.via})"
        ),
    )


def inbound_attachments(message: AnymailInboundMessage) -> list[CheckedAttachment]:
    """The customer's attachments that pass the same checks as on the web (others are left out)."""
    checked = []
    for part in message.attachments:
        upload = part.as_uploaded_file()
        if upload is None:
            continue
        if len(checked) >= MAX_ATTACHMENTS:
            logger.info("inbound email: attachment %s left out (too many)", upload.name)
            continue
        try:
            checked.append(attachment_check(upload))
        except DomainError as exc:
            logger.info("inbound email: attachment %s left out: %s", upload.name, exc.message)
    return checked


def inbound_email_receive(*, message: AnymailInboundMessage) -> Message:
    """Append the email to its inquiry as a follow-up or a developer reply. Returns the Message.

    Raises a DomainError (4xx) and stores nothing when the email is refused.
    """
    token = inbound_reply_token(message)
    message_id = message_id_normalise(message.get("Message-ID"))
    if not message_id or len(message_id) > 250:
        raise InboundRejected(_("The email has no usable Message-ID."), code="missing_message_id")
    user = _token_owner(message, user_id=token.user_id)
    inquiry = Inquiry.objects.select_related("customer").filter(pk=token.inquiry_id).first()
    if inquiry is None:
        raise InboundRejected(_("No such inquiry."), code="unknown_inquiry")
    # First-format addresses carry no date: the inquiry's last message bounds when one was sent.
    if reply_token_expired(token, issued_fallback=inquiry.last_message_at):
        _bounce_expired(message, inquiry=inquiry, user=user, message_id=message_id)
        raise InboundRejected(_("This reply address has expired."), code="reply_address_expired")
    body = _new_text(message)
    try:
        stored = _store(message, inquiry=inquiry, user=user, body=body, mid=message_id, token=token)
    except PermissionDenied as exc:
        if exc.code == ROLE_FORBIDS and not is_automatic(message):
            # A read-only member answered a notification: tell them it was not sent.
            spec = emails.reply_refused_spec(
                inquiry=inquiry, user=user, inbound_message_id=message_id
            )
            with transaction.atomic():
                outbound_email_queue(spec=spec)
        raise
    if stored is None:
        raise PermissionDenied(
            _("The owner of this reply address is not part of the conversation."),
            code="not_participant",
        )
    return stored


def _store(message, *, inquiry: Inquiry, user: User, body: str, mid: str, token) -> Message | None:
    message_id = mid
    with transaction.atomic():
        # The same email posted twice at once: the second waits here, then sees the first.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"inbound:{message_id}"])
        if Message.objects.filter(inbound_message_id=message_id).exists():
            raise Conflict(_("This email was received already."), code="duplicate")
        try:
            with transaction.atomic():
                stored = _append(
                    message, inquiry=inquiry, user=user, body=body, mid=message_id, token=token
                )
        except IntegrityError as exc:  # the same email, delivered twice at once
            raise Conflict(_("This email was received already."), code="duplicate") from exc
        except ValidationError as exc:
            raise InboundRejected("; ".join(exc.messages), code="invalid") from exc
    return stored


def _bounce_expired(
    message: AnymailInboundMessage, *, inquiry: Inquiry, user: User, message_id: str
) -> None:
    """Tell the owner of an expired address how to answer instead (never an auto-reply's)."""
    if is_automatic(message):
        return
    spec = emails.reply_address_expired_spec(
        inquiry=inquiry, user=user, inbound_message_id=message_id
    )
    with transaction.atomic():
        outbound_email_queue(spec=spec)


def _token_owner(message: AnymailInboundMessage, *, user_id: int) -> User:
    """The reply address's user, who must be the sender (an active account, same address)."""
    sender = message.from_email.addr_spec.strip().lower() if message.from_email else ""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not sender or sender != user.email.lower():
        raise PermissionDenied(
            _("The sender is not the owner of this reply address."), code="wrong_sender"
        )
    return user


def _new_text(message: AnymailInboundMessage) -> str:
    """A person's new words: no automatic mail, no spam, the quoted history stripped."""
    if is_automatic(message):
        raise InboundRejected(_("Automatic replies are not added to inquiries."), code="auto_reply")
    if message.spam_detected:
        raise InboundRejected(_("The email was flagged as spam."), code="spam")
    body = quoted_history_strip(inbound_text(message))
    if not body:
        raise InboundRejected(_("The email has no new text."), code="empty_body")
    return body


def _append(
    message: AnymailInboundMessage, *, inquiry: Inquiry, user: User, body: str, mid: str, token
) -> Message | None:
    """The customer's follow-up or a member's reply; None when the user is neither."""
    if inquiry.customer.user_id == user.pk:
        return inquiry_customer_followup(
            inquiry=inquiry,
            customer=inquiry.customer,
            body=body,
            via=Message.Via.EMAIL,
            inbound_message_id=mid,
            attachments=inbound_attachments(message),
        )
    membership = Membership.objects.filter(account_id=inquiry.account_id, user=user).first()
    # A removed member's addresses stop working, even if they are invited back later: an
    # address issued before the current membership began is not theirs to use.
    issued = token.issued_on
    if membership is not None and (issued is None or issued >= membership.created_at.date()):
        return inquiry_reply(
            inquiry=inquiry, author=user, body=body, via=Message.Via.EMAIL, inbound_message_id=mid
        )
    return None
