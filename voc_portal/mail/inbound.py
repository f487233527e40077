"""Inbound email transport: what any reply-by-email flow needs, and the hand-over to it.

Provider-independent: the webhook view (views.py) verifies the provider's signature and parses the
post into an `AnymailInboundMessage`; `inbound_email_deliver` hands it to the app that owns the
reply address (the `inbound_email_received` hook; inquiries connects the reply-by-email flow). This
module knows no domain: it finds the signed reply address among the recipients (reply_tokens),
tells automatic mail (out-of-office, bounces, lists) from people's, and strips the quoted history.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from anymail.inbound import AnymailInboundMessage
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError

from .hooks import inbound_email_received
from .message_ids import message_id_normalise as message_id_normalise  # the receiving app uses it
from .reply_tokens import ReplyToken, reply_token_parse


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


# --- automatic mail, reply address --------------------------------------------------------------

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


def _recipients(message: AnymailInboundMessage) -> list[str]:
    found = []
    if message.envelope_recipient:
        found.append(message.envelope_recipient)
    found += [a.addr_spec for a in (message.to or [])]
    found += [a.addr_spec for a in (message.cc or [])]
    return found


def inbound_reply_token(message: AnymailInboundMessage) -> ReplyToken:
    """The signed reply address among the recipients (envelope, To, Cc), or `unknown_recipient`."""
    for address in _recipients(message):
        token = reply_token_parse(address)
        if token is not None:
            return token
    raise InboundRejected(
        _("The recipient is not a valid reply address."), code="unknown_recipient"
    )


# --- handing over --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboundReceipt:
    """What the receiving app stored: `answer` is the webhook's JSON body, `summary` one line for
    people (mail_receive prints it)."""

    answer: dict[str, object]
    summary: str


def inbound_email_deliver(*, message: AnymailInboundMessage) -> InboundReceipt:
    """Hand one inbound email to the app whose reply address it was sent to.

    Raises the receiver's DomainError (4xx, nothing stored) when the email is refused, and
    `unknown_recipient` when no receiver takes it. With no receiver connected at all this is a
    wiring fault, not the sender's: it raises (a 5xx) so the provider delivers the email again.
    """
    results = inbound_email_received.send(message=message)
    if not results:
        raise RuntimeError("No app receives inbound email: inbound_email_received has no receiver.")
    for receipt in results:
        if receipt is not None:
            return receipt
    raise InboundRejected(
        _("The recipient is not a valid reply address."), code="unknown_recipient"
    )
