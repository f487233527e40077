"""Writes about users and memberships: a member's own profile and notification choices."""

from __future__ import annotations

from django.db import transaction

from .models import Membership, User


def user_profile_update(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


def membership_notifications_set(*, user: User, choices: dict[int, bool]) -> int:
    """Sets "email me about inquiries" per developer account of this user.

    Only the user's own memberships can change (the filter is on user); returns rows changed.
    """
    changed = 0
    with transaction.atomic():
        for account_id, wanted in choices.items():
            changed += (
                Membership.objects.filter(user=user, account_id=account_id)
                .exclude(notify_inquiries=wanted)
                .update(notify_inquiries=wanted)
            )
    return changed
