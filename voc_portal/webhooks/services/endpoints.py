"""A developer account's endpoints: create (the secret shown once), edit, rotate, turn on/off.

Owners and admins only (accounts.access.role_require, Action.SETTINGS_MANAGE), the same check
on the web pages and anywhere else that calls these.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.access import role_require
from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError
from voc_portal.mail.services import outbound_email_queue_many

from .. import emails
from ..models import Endpoint, EventType, Format
from ..signing import secret_new

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
URL_MAX = 500


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: Endpoint
    secret: str  # shown once


def endpoint_url_clean(url: str) -> str:
    """https:// to a public host; http:// only to this machine and only where
    VOC_WEBHOOK_ALLOW_HTTP_LOCAL is on (development and tests)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    local_http = parts.scheme == "http" and host in LOCAL_HOSTS
    if len(url) > URL_MAX or not host or parts.username or parts.password:
        raise DomainError(
            _("Enter the endpoint's address: an https:// URL."), code="invalid_url", field="url"
        )
    if parts.scheme == "https":
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if address is not None and not address.is_global and not settings.DEBUG:
            raise DomainError(
                _("The endpoint must be reachable on the internet, not a private address."),
                code="private_url",
                field="url",
            )
        return url
    if local_http and settings.VOC_WEBHOOK_ALLOW_HTTP_LOCAL:
        return url
    raise DomainError(
        _("The endpoint's address must start with https://."), code="insecure_url", field="url"
    )


def _events_clean(events) -> list[str]:
    chosen = [e for e in EventType.values if e in set(events or [])]
    unknown = set(events or []) - set(EventType.values)
    if unknown or not chosen:
        raise DomainError(_("Choose at least one event to send."), code="no_events", field="events")
    return chosen


def _format_clean(value: str) -> str:
    if value not in Format.values:
        raise DomainError(_("Choose a format."), code="invalid_format", field="format")
    return value


def endpoint_create(
    *,
    membership: Membership,
    url: str,
    events,
    format: str = Format.STANDARD,
    description: str = "",
    language: str | None = None,
) -> IssuedEndpoint:
    role_require(membership, Action.SETTINGS_MANAGE)
    secret = secret_new()
    endpoint = Endpoint.objects.create(
        account_id=membership.account_id,
        url=endpoint_url_clean(url),
        events=_events_clean(events),
        format=_format_clean(format),
        description=(description or "").strip()[:120],
        language=language or membership.user.language or settings.LANGUAGE_CODE,
        secret=secret,
        created_by=membership.user,
    )
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


def endpoint_update(
    *, membership: Membership, endpoint: Endpoint, url: str, events, format: str, description=""
) -> Endpoint:
    role_require(membership, Action.SETTINGS_MANAGE)
    endpoint.url = endpoint_url_clean(url)
    endpoint.events = _events_clean(events)
    endpoint.format = _format_clean(format)
    endpoint.description = (description or "").strip()[:120]
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=["url", "events", "format", "description", "updated_at"])
    return endpoint


def endpoint_delete(*, membership: Membership, endpoint: Endpoint) -> None:
    role_require(membership, Action.SETTINGS_MANAGE)
    endpoint.delete()


def endpoint_secret_rotate(*, membership: Membership, endpoint: Endpoint) -> IssuedEndpoint:
    """A new secret, shown once; the old one keeps signing (a second signature) for
    VOC_WEBHOOK_ROTATION_GRACE_HOURS so the receiver can switch without losing a message."""
    role_require(membership, Action.SETTINGS_MANAGE)
    now = timezone.now()
    secret = secret_new()
    with transaction.atomic():
        locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.previous_secret = locked.secret
        locked.previous_secret_until = now + timedelta(
            hours=settings.VOC_WEBHOOK_ROTATION_GRACE_HOURS
        )
        locked.secret = secret
        locked.updated_at = now
        locked.save(
            update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"]
        )
    return IssuedEndpoint(endpoint=locked, secret=secret)


def endpoint_enable(*, membership: Membership, endpoint: Endpoint, enabled: bool) -> Endpoint:
    """Turn an endpoint on again (its waiting deliveries go out with the next re-drive; the
    failure streak starts from zero) or off."""
    role_require(membership, Action.SETTINGS_MANAGE)
    now = timezone.now()
    if enabled:
        Endpoint.objects.filter(pk=endpoint.pk, enabled=False).update(
            enabled=True,
            disabled_at=None,
            disabled_reason="",
            failures=0,
            failing_since=None,
            updated_at=now,
        )
        from .send import delivery_redrive

        transaction.on_commit(delivery_redrive)
    else:
        Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
            enabled=False,
            disabled_at=now,
            disabled_reason=Endpoint.DisabledReason.BY_MEMBER,
            updated_at=now,
        )
    endpoint.refresh_from_db()
    return endpoint


def endpoint_disabled_notify(*, endpoint: Endpoint) -> None:
    """The account's owners hear that an endpoint was disabled (in the disabling transaction)."""
    owners = (
        Membership.objects.filter(
            account_id=endpoint.account_id, role=Membership.Role.OWNER, user__is_active=True
        )
        .select_related("user", "account")
        .order_by("pk")
    )
    outbound_email_queue_many(
        specs=[emails.endpoint_disabled_spec(endpoint=endpoint, member=m) for m in owners]
    )
