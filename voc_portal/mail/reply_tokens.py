"""Per-recipient reply addresses: reply+v2-<inquiry>-<user>-<day>-<mac>@VOC_REPLY_DOMAIN.

<day> is the issue date (days since 1970-01-01, UTC) and <mac> a salted_hmac (SHA-256, salted
per version) of inquiry, user and day, in lower-case base32 (mail systems may lower-case a local
part), 20 characters (100 bits) so the whole local part fits in 64. The MAC is checked under
SECRET_KEY and every SECRET_KEY_FALLBACKS key, so rotating the key breaks no address sent
before; the version prefix lets the format change again without guessing.

Expiry (VOC_REPLY_TOKEN_MAX_AGE_DAYS, default 180) is judged by `reply_token_expired`, not by
the parser: an expired address is still ours and its owner gets a polite bounce, a forged one
nothing. Addresses of the first format (reply+<inquiry>-<user>-<mac>, a raw HMAC under the key,
no date) are still accepted: they were sent before this version and people answer old mails;
they carry no issue date, so the caller judges their age by the last message of their inquiry
(`issued_fallback`), and they age out within VOC_REPLY_TOKEN_MAX_AGE_DAYS of the last email sent
with one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

VERSION = 2
_EPOCH = date(1970, 1, 1)
_SALT = "voc_portal.mail.reply_tokens.v2"
_V2 = re.compile(
    r"^reply\+v2-(?P<inquiry>\d{1,12})-(?P<user>\d{1,12})-(?P<day>\d{1,6})-(?P<sig>[a-z2-7]{20})$"
)
_V1 = re.compile(r"^reply\+(?P<inquiry>\d{1,12})-(?P<user>\d{1,12})-(?P<sig>[a-z2-7]{20})$")


@dataclass(frozen=True)
class ReplyToken:
    inquiry_id: int
    user_id: int
    issued_on: date | None = None  # None: a first-format address (no date in it)
    version: int = VERSION


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _b32(digest: bytes) -> str:
    return base64.b32encode(digest).decode().lower()[:20]


def _v2_signature(inquiry_id: int, user_id: int, day: int, key: str) -> str:
    value = f"{inquiry_id}:{user_id}:{day}"
    return _b32(salted_hmac(_SALT, value, secret=key, algorithm="sha256").digest())


def _v1_signature(inquiry_id: int, user_id: int, key: str) -> str:
    message = f"voc-reply:{inquiry_id}:{user_id}".encode()
    return _b32(hmac.new(key.encode(), message, hashlib.sha256).digest())


def _today() -> date:
    return timezone.now().astimezone(UTC).date()


def reply_address(*, inquiry_id: int, user_id: int, today: date | None = None) -> str:
    day = ((today or _today()) - _EPOCH).days
    signature = _v2_signature(inquiry_id, user_id, day, settings.SECRET_KEY)
    return f"reply+v2-{inquiry_id}-{user_id}-{day}-{signature}@{settings.VOC_REPLY_DOMAIN}"


def reply_token_parse(address: str) -> ReplyToken | None:
    """The token in a reply address (expired or not), or None when malformed, foreign or forged."""
    local, _, domain = (address or "").strip().lower().rpartition("@")
    if domain != settings.VOC_REPLY_DOMAIN.lower():
        return None
    if match := _V2.match(local):
        inquiry_id, user_id, day = int(match["inquiry"]), int(match["user"]), int(match["day"])
        if any(
            constant_time_compare(match["sig"], _v2_signature(inquiry_id, user_id, day, key))
            for key in _keys()
        ):
            return ReplyToken(inquiry_id, user_id, issued_on=_EPOCH + timedelta(days=day))
        return None
    if match := _V1.match(local):
        inquiry_id, user_id = int(match["inquiry"]), int(match["user"])
        if any(
            constant_time_compare(match["sig"], _v1_signature(inquiry_id, user_id, key))
            for key in _keys()
        ):
            return ReplyToken(inquiry_id, user_id, issued_on=None, version=1)
    return None


def reply_token_expired(
    token: ReplyToken, *, issued_fallback: datetime | date | None = None, today: date | None = None
) -> bool:
    """Older than VOC_REPLY_TOKEN_MAX_AGE_DAYS. A first-format token is judged by
    `issued_fallback` (the caller's best bound on when it was sent); without one it is expired."""
    issued = token.issued_on
    if issued is None:
        if isinstance(issued_fallback, datetime):
            issued_fallback = issued_fallback.astimezone(UTC).date()
        issued = issued_fallback
    if issued is None:
        return True
    return ((today or _today()) - issued).days > settings.VOC_REPLY_TOKEN_MAX_AGE_DAYS
