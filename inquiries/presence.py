"""Who else has a thread open, and who is typing: short-lived keys in the cache (Redis).

The thread page says "I am here" (and whether its reply box is being typed in) every few
seconds through a small JSON endpoint; each say-so lives VOC_PRESENCE_TTL_SECONDS. No WebSocket.
Presence is a courtesy, never a lock: with Redis down (core.cache falls back to a per-process
cache) or any cache error it fails open, showing nobody rather than failing the page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from voc_portal.accounts.models import Membership

logger = logging.getLogger(__name__)


def _key(inquiry_id: int, user_id: int) -> str:
    return f"presence:inquiry:{inquiry_id}:{user_id}"


def presence_touch(*, inquiry_id: int, membership: Membership, typing: bool) -> None:
    value = {
        "name": membership.user.get_full_name(),
        "typing": bool(typing),
        "at": timezone.now().isoformat(),
    }
    try:
        cache.set(_key(inquiry_id, membership.user_id), value, settings.VOC_PRESENCE_TTL_SECONDS)
    except Exception:
        logger.warning("presence: could not record a viewer", exc_info=True)


def presence_others(
    *, inquiry_id: int, membership: Membership, user_ids: list[int] | None = None
) -> list[dict]:
    """The other members of the account (`user_ids` when the caller read them already) whose
    thread page said so within the TTL."""
    if user_ids is None:
        user_ids = list(
            Membership.objects.filter(account_id=membership.account_id).values_list(
                "user_id", flat=True
            )
        )
    keys = {_key(inquiry_id, uid): uid for uid in user_ids if uid != membership.user_id}
    if not keys:
        return []
    try:
        found = cache.get_many(list(keys))
    except Exception:
        logger.warning("presence: could not read viewers", exc_info=True)
        return []
    return sorted(
        ({"name": v["name"], "typing": v["typing"]} for v in found.values()),
        key=lambda v: v["name"],
    )
