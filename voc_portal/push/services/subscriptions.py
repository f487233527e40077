"""A member's devices and choices: subscribe, unsubscribe, and which kinds to push."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Membership
from voc_portal.core.errors import DomainError

from ..models import ENDPOINT_MAX, PushKind, PushOptOut, PushSubscription
from ..selectors import notification_settings_get
from ..vapid import b64url_decode


def _endpoint_clean(endpoint: str) -> str:
    endpoint = (endpoint or "").strip()
    parts = urlsplit(endpoint)
    schemes = {"https", "http"} if settings.VOC_PUSH_ALLOW_HTTP_ENDPOINTS else {"https"}
    if len(endpoint) > ENDPOINT_MAX or parts.scheme not in schemes or not parts.hostname:
        raise DomainError(
            _("Send the push subscription's endpoint: an https:// address."),
            code="invalid_endpoint",
            field="endpoint",
        )
    return endpoint


def _key_clean(value: str, *, length: int, field: str) -> str:
    """The browser's key material must be what RFC 8291 says, or no push could be encrypted."""
    value = (value or "").strip()
    try:
        raw = b64url_decode(value)
    except ValueError:
        raw = b""
    if len(raw) != length or (field == "p256dh" and raw[0] != 0x04):
        raise DomainError(
            _("Send the subscription's keys as the browser gives them (base64url)."),
            code="invalid_key",
            field=f"keys.{field}",
        )
    return value


def push_subscription_save(
    *, membership: Membership, endpoint: str, p256dh: str, auth: str
) -> tuple[PushSubscription, bool]:
    """Store the device's subscription for `membership`; (row, created).

    The same endpoint again from the same member is the same row (keys refreshed). An endpoint
    stored for another member belongs to whoever subscribed it last: that browser now signs in
    as this member, so the old row is dropped and a new one made (the old id answers 404).
    """
    endpoint = _endpoint_clean(endpoint)
    p256dh = _key_clean(p256dh, length=65, field="p256dh")
    auth = _key_clean(auth, length=16, field="auth")
    with transaction.atomic():
        existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if existing is not None and existing.membership_id == membership.pk:
            if (existing.p256dh, existing.auth) != (p256dh, auth):
                existing.p256dh, existing.auth = p256dh, auth
                existing.save(update_fields=["p256dh", "auth"])
            return existing, False
        if existing is not None:
            existing.delete()
        created = PushSubscription.objects.create(
            membership=membership, endpoint=endpoint, p256dh=p256dh, auth=auth
        )
    return created, True


def push_subscription_delete(*, subscription: PushSubscription) -> None:
    """The device unsubscribed (or signed out). Pending pushes to it end as "gone"."""
    PushSubscription.objects.filter(pk=subscription.pk).delete()


def notification_settings_update(*, membership: Membership, kinds: dict[str, bool]) -> dict:
    """Turn kinds on (True) or off (False); kinds not named stay as they are. Returns them all."""
    unknown = set(kinds) - set(PushKind.values)
    if unknown:
        raise DomainError(
            _("Unknown notification kind: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))},
            code="invalid_kind",
            field="kinds",
        )
    off = [k for k, on in kinds.items() if not on]
    on = [k for k, on in kinds.items() if on]
    with transaction.atomic():
        PushOptOut.objects.filter(membership=membership, kind__in=on).delete()
        PushOptOut.objects.bulk_create(
            [PushOptOut(membership=membership, kind=k) for k in off], ignore_conflicts=True
        )
    return notification_settings_get(membership=membership)
