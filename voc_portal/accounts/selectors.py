"""Reads about users and accounts. Tenancy starts here: what accounts may this user act for?"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from .models import Customer, DeveloperAccount, Invitation, Membership, User


def membership_list_for_user(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).select_related("account").order_by("account__name")
    )


def membership_get(user: User, account_id: int) -> Membership:
    """The user's membership of that account; a foreign account is a 404."""
    try:
        return Membership.objects.select_related("account").get(user=user, account_id=account_id)
    except Membership.DoesNotExist as exc:
        raise Http404("No such developer account.") from exc


def account_member_list(account: DeveloperAccount, *, notify_only: bool = False) -> list[User]:
    members = Membership.objects.filter(account=account, user__is_active=True)
    if notify_only:
        members = members.filter(notify_inquiries=True)
    return [m.user for m in members.select_related("user").order_by("user_id")]


def membership_list_for_account(account: DeveloperAccount) -> list[Membership]:
    """The account's members with their users, by role then name: one query."""
    return list(
        Membership.objects.filter(account=account)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def invitation_list_pending(account: DeveloperAccount) -> list[Invitation]:
    """Open invitations (not accepted, revoked or expired), newest first: one query."""
    return list(
        Invitation.objects.filter(
            account=account,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at", "-id")
    )


def customer_for_user(user: User) -> Customer | None:
    if not user.is_authenticated:
        return None
    try:
        return user.customer
    except Customer.DoesNotExist:
        return None
