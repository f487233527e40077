"""Reads of the API package: tokens, scoped to one membership."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from voc_portal.accounts.models import Membership

from .models import ApiToken
from .services import token_hash


def api_token_list_for_membership(
    membership: Membership, kind: str = ApiToken.Kind.PERSONAL
) -> list[ApiToken]:
    """Settings > API tokens lists the personal ones, Settings > Devices the app's devices."""
    return list(
        ApiToken.objects.filter(membership=membership, kind=kind).order_by("-created_at", "-id")
    )


def api_token_list_for_team(membership: Membership) -> list[ApiToken]:
    """The other members' tokens of the account, with whose they are: one query."""
    return list(
        ApiToken.objects.filter(membership__account_id=membership.account_id)
        .exclude(membership=membership)
        .select_related("membership__user")
        .order_by("membership__user__full_name", "-created_at", "-id")
    )


def api_token_get_for_account(membership: Membership, pk: int) -> ApiToken:
    """A token of the member's account (whose it is decides who may revoke it: the service);
    another account's is a 404."""
    found = (
        ApiToken.objects.select_related("membership__user")
        .filter(membership__account_id=membership.account_id, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such token.")
    return found


def api_token_for_secret(raw: str) -> ApiToken | None:
    """The usable token with this secret (not revoked, not expired, active user), or None."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("membership__account", "membership__user")
        .filter(token_hash=token_hash(raw))
        .first()
    )
    if token is None or not token.is_usable(timezone.now()):
        return None
    if not token.membership.user.is_active:
        return None
    return token
