"""Replay protection for provider webhooks: a fresh timestamp and a token used once.

Mailgun signs only timestamp + token, not the body: a captured signature block stays valid for
any body. So a post is accepted only when its timestamp is within VOC_WEBHOOK_MAX_SKEW_SECONDS of
our clock (either way) and its token was never seen before.

Seen tokens live in Redis (the default cache): `cache.add` is one atomic SET NX EX, so two
concurrent posts of one token cannot both win, and the key expires on its own once the timestamp
check alone would refuse the token (twice the skew: a timestamp may be early or late) — no table
to clean. Losing Redis loses at most that window of memory, and the Message-ID dedupe of inbound
email still holds then.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError

_TIMESTAMP = re.compile(r"^\d{1,12}(?:\.\d{1,6})?$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{10,200}$")


class WebhookReplayed(DomainError):
    """The webhook post is stale or its token was used before."""

    code = "replayed"
    status = 406


def _key(provider: str, token: str) -> str:
    return f"mail:webhook-token:{provider}:{hashlib.sha256(token.encode()).hexdigest()}"


def webhook_freshness_claim(
    *, provider: str, timestamp: object, token: object, now: float | None = None
) -> None:
    """Claim `token` for this post; raise WebhookReplayed when stale, malformed or seen before."""
    skew = settings.VOC_WEBHOOK_MAX_SKEW_SECONDS
    if not isinstance(timestamp, str | int | float) or not _TIMESTAMP.match(str(timestamp)):
        raise WebhookReplayed(_("The webhook timestamp is malformed."), code="stale_timestamp")
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise WebhookReplayed(_("The webhook token is malformed."), code="replayed")
    now = time.time() if now is None else now
    if abs(now - float(timestamp)) > skew:
        raise WebhookReplayed(
            _("The webhook timestamp is too far from the current time."), code="stale_timestamp"
        )
    if not cache.add(_key(provider, token), "1", timeout=int(2 * skew) + 60):
        raise WebhookReplayed(_("This webhook was received already."), code="replayed")


def webhook_token_release(*, provider: str, token: object) -> None:
    """Forget a claimed token after a server error, so the provider's retry is accepted."""
    if isinstance(token, str):
        cache.delete(_key(provider, token))
