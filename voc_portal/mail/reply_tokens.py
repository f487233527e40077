"""Per-recipient reply addresses: reply+<inquiry>-<user>-<signature>@VOC_REPLY_DOMAIN.

The signature is an HMAC of (inquiry, user) under SECRET_KEY, so an address can't be guessed or
moved to another inquiry or person, and it fits the 64-character local part of an address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings

_LOCAL = re.compile(r"^reply\+(?P<inquiry>\d{1,12})-(?P<user>\d{1,12})-(?P<sig>[a-z2-7]{20})$")


@dataclass(frozen=True)
class ReplyToken:
    inquiry_id: int
    user_id: int


def _signature(inquiry_id: int, user_id: int) -> str:
    message = f"voc-reply:{inquiry_id}:{user_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:20]


def reply_address(*, inquiry_id: int, user_id: int) -> str:
    token = f"{inquiry_id}-{user_id}-{_signature(inquiry_id, user_id)}"
    return f"reply+{token}@{settings.VOC_REPLY_DOMAIN}"


def reply_token_parse(address: str) -> ReplyToken | None:
    """The token in a reply address, or None when it is malformed, foreign or forged."""
    local, _, domain = (address or "").strip().lower().rpartition("@")
    if domain != settings.VOC_REPLY_DOMAIN.lower():
        return None
    match = _LOCAL.match(local)
    if not match:
        return None
    inquiry_id, user_id = int(match["inquiry"]), int(match["user"])
    if not hmac.compare_digest(match["sig"], _signature(inquiry_id, user_id)):
        return None
    return ReplyToken(inquiry_id=inquiry_id, user_id=user_id)
