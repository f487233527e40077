"""Reply by email: turn one inbound email into a message on its inquiry's thread.

Provider-independent: the webhook view (views.py) verifies the provider's signature and parses the
post into an `AnymailInboundMessage`; `inbound_email_receive` does the rest in one transaction:

1. the recipient must be a signed reply address (reply_tokens) — else `unknown_recipient`;
2. the From address must be the token owner's email (case-insensitive) — else `wrong_sender`;
3. the inquiry must exist and the token's user must be its customer (→ follow-up) or a member of
   its developer account (→ reply: stops the clock, emailed to the customer like any reply);
4. the Message-ID dedupes: the same email delivered again stores nothing (`duplicate`, 409);
5. automatic mail (out-of-office, bounces, lists) and provider-flagged spam are refused: an
   auto-reply must never restart the 3-day clock;
6. the quoted history is stripped; nothing left → `empty_body`.

A customer's attachments (screenshots, PDF) go through the same checks as on the web; files that
fail them (or beyond the limit) are left out and the text is kept. Inline parts (signature logos)
are ignored. Developer replies by email carry text only, like replies on the web.
"""

from __future__ import annotations

import html
import logging
import re

from anymail.inbound import AnymailInboundMessage
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from voc_portal.core.errors import Conflict, DomainError, PermissionDenied

from .reply_tokens import ReplyToken, reply_token_parse

logger = logging.getLogger(__name__)


class InboundRejected(DomainError):
    """The inbound email was refused."""

    code = "inbound_rejected"
    status = 400


# --- quoted history ------------------------------------------------------------------------------

# A line that starts the quoted history: everything from it on is the old conversation.
_CUT_LINE = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:original\s+message|원본\s*메시지|forwarded\s+message)\s*-{2,}   # Outlook/Naver
      | _{10,}                                            # Outlook's rule above the header block
      | on\s.{4,300}\swrote:                              # Gmail/Apple (English)
      | 20\d\d[.\-/년 ].{4,300}(?:님이|님께서)?\s*작성(?:했습니다)?\s*:  # Gmail/Apple (Korean)
      | .{0,300}\s<?\S+@\S+>?\s*님이\s*작성\s*:                  # "이름 <a@b>님이 작성:"
      | le\s.{4,300}\sa\s+écrit\s*:                       # French clients, seen in the wild
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Gmail wraps a long "On …, Name <address>" line before "wrote:".
_WROTE_TAIL = re.compile(r"^.{0,200}(?:\swrote:|님이\s*작성\s*:)\s*$", re.IGNORECASE)
_WROTE_HEAD = re.compile(r"^\s*(?:on\s.{4,}|20\d\d[.\-/년 ].{4,})$", re.IGNORECASE)
# An Outlook header block without the rule: "From: …" followed by "Sent:/Date:" (or Korean).
_HEADER_FROM = re.compile(r"^\s*(?:from|보낸\s*사람)\s*:\s*\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*(?:sent|date|to|subject|보낸\s*날짜|날짜|받는\s*사람|제목)\s*:", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^-- ?$")


def quoted_history_strip(text: str) -> str:
    """The new text of a reply: without quoted lines, the "On … wrote:" block and what follows,
    and the signature. English and Korean mail clients (Gmail, Apple Mail, Outlook, Naver)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _CUT_LINE.match(line) or _SIGNATURE.match(line):
            break
        if _WROTE_HEAD.match(line) and _WROTE_TAIL.match(nxt) and not nxt.lstrip().startswith(">"):
            break
        if _HEADER_FROM.match(line) and _HEADER_NEXT.match(nxt):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def inbound_text(message: AnymailInboundMessage) -> str:
    """The plain text of an inbound email (from its HTML part when it has no text part)."""
    if message.text:
        return message.text
    if message.html:
        # Keep line structure: block ends become newlines, then drop the tags.
        markup = re.sub(r"(?i)<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", "\n", message.html)
        markup = re.sub(r"(?is)<blockquote\b.*?</blockquote>", "", markup)
        return html.unescape(strip_tags(markup))
    return ""


# --- receiving -----------------------------------------------------------------------------------

_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def is_automatic(message: AnymailInboundMessage) -> bool:
    """Out-of-office replies, delivery reports and list mail (RFC 3834 and common practice)."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto_submitted != "no":
        return True
    if (message.get("Precedence") or "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    return (message.get("X-Auto-Response-Suppress") or "").strip().lower() in {"all", "oof"}


def inbound_attachments(message: AnymailInboundMessage) -> list:
    """The customer's attachments that pass the same checks as on the web (others are left out)."""
    from inquiries.attachments import MAX_ATTACHMENTS, attachment_check

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


def _recipients(message: AnymailInboundMessage) -> list[str]:
    found = []
    if message.envelope_recipient:
        found.append(message.envelope_recipient)
    found += [a.addr_spec for a in (message.to or [])]
    found += [a.addr_spec for a in (message.cc or [])]
    return found


def _token(message: AnymailInboundMessage) -> ReplyToken:
    for address in _recipients(message):
        token = reply_token_parse(address)
        if token is not None:
            return token
    raise InboundRejected(
        _("The recipient is not a valid reply address."), code="unknown_recipient"
    )


def inbound_email_receive(*, message: AnymailInboundMessage):
    """Append the email to its inquiry as a follow-up or a developer reply. Returns the Message.

    Raises a DomainError (4xx) and stores nothing when the email is refused.
    """
    from inquiries.models import Inquiry, Message
    from inquiries.services import inquiry_customer_followup, inquiry_reply
    from voc_portal.accounts.models import Membership, User

    token = _token(message)
    message_id = (message.get("Message-ID") or "").strip()
    if not message_id or len(message_id) > 250:
        raise InboundRejected(_("The email has no usable Message-ID."), code="missing_message_id")
    sender = message.from_email.addr_spec.strip().lower() if message.from_email else ""
    user = User.objects.filter(pk=token.user_id, is_active=True).first()
    if user is None or not sender or sender != user.email.lower():
        raise PermissionDenied(
            _("The sender is not the owner of this reply address."), code="wrong_sender"
        )
    inquiry = Inquiry.objects.select_related("customer").filter(pk=token.inquiry_id).first()
    if inquiry is None:
        raise InboundRejected(_("No such inquiry."), code="unknown_inquiry")
    if is_automatic(message):
        raise InboundRejected(_("Automatic replies are not added to inquiries."), code="auto_reply")
    if message.spam_detected:
        raise InboundRejected(_("The email was flagged as spam."), code="spam")
    body = quoted_history_strip(inbound_text(message))
    if not body:
        raise InboundRejected(_("The email has no new text."), code="empty_body")

    with transaction.atomic():
        # The same email posted twice at once: the second waits here, then sees the first.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"inbound:{message_id}"])
        if Message.objects.filter(inbound_message_id=message_id).exists():
            raise Conflict(_("This email was received already."), code="duplicate")
        try:
            with transaction.atomic():
                if inquiry.customer.user_id == user.pk:
                    return inquiry_customer_followup(
                        inquiry=inquiry,
                        customer=inquiry.customer,
                        body=body,
                        via=Message.Via.EMAIL,
                        inbound_message_id=message_id,
                        attachments=inbound_attachments(message),
                    )
                if Membership.objects.filter(account_id=inquiry.account_id, user=user).exists():
                    return inquiry_reply(
                        inquiry=inquiry,
                        author=user,
                        body=body,
                        via=Message.Via.EMAIL,
                        inbound_message_id=message_id,
                    )
        except IntegrityError as exc:  # the same email, delivered twice at once
            raise Conflict(_("This email was received already."), code="duplicate") from exc
        except ValidationError as exc:
            raise InboundRejected("; ".join(exc.messages), code="invalid") from exc
    raise PermissionDenied(
        _("The owner of this reply address is not part of the conversation."),
        code="not_participant",
    )
