"""Writes of the API package: personal tokens, and the team's tokens for its admins."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.access import role_require
from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError, NotFound

from .models import ApiToken

TOKEN_PREFIX = "voc_"  # noqa: S105 -- a public marker, not a secret
# What the token list shows: "voc_" and the first 8 characters of the secret.
DISPLAY_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def api_token_create(
    *,
    membership: Membership,
    name: str,
    expires_at: datetime | None = None,
    kind: str = ApiToken.Kind.PERSONAL,
) -> IssuedToken:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), code="required", field="name")
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise DomainError(
            _("The expiry must be in the future."), code="expiry_in_past", field="expires_at"
        )
    # 32 random bytes: 256 bits of entropy, so a plain sha256 is the right hash (no stretching).
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            membership=membership,
            name=name[:80],
            prefix=secret[:DISPLAY_PREFIX_LENGTH],
            token_hash=token_hash(secret),
            created_at=now,
            expires_at=expires_at,
            kind=kind,
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, by: Membership | None = None) -> ApiToken:
    """Revoke once; revoking a revoked token changes nothing.

    `by`: the member revoking it (None: store operations, in the admin). A member revokes their
    own tokens; a teammate's takes an admin or owner (accounts.roles TOKEN_MANAGE).
    """
    if by is not None:
        if token.membership.account_id != by.account_id:
            raise NotFound(_("No such token."))
        if token.membership_id != by.pk:
            role_require(by, Action.TOKEN_MANAGE)
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> None:
    """Record use, at most once per LAST_USED_RESOLUTION: a conditional UPDATE, no read."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    updated = ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION),
        pk=token.pk,
    ).update(last_used_at=now)
    if updated:
        token.last_used_at = now


def idempotency_record_purge(*, older_than: timedelta | None = None) -> int:
    """Forget stored responses past the replay window (setting VOC_IDEMPOTENCY_TTL, 24 h).

    A retry after that runs as a new request; clients retry within minutes, not days.
    """
    from django.conf import settings

    from .models import IdempotencyRecord

    ttl = older_than or getattr(settings, "VOC_IDEMPOTENCY_TTL", timedelta(hours=24))
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - ttl).delete()
    return deleted
