"""Writes about users and memberships: a member's own profile and notification choices."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.db import transaction

from .models import Membership, User


def user_profile_update(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


def user_language_set(*, user: User, language: str) -> User:
    """The language of the user's pages and mail (the header switch, the login page)."""
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
    return user


def membership_notifications_set(
    *, user: User, choices: dict[int, bool], review_choices: dict[int, bool] | None = None
) -> int:
    """Sets "email me about inquiries" (and, given `review_choices`, review alerts) per
    developer account of this user.

    Only the user's own memberships can change (the filter is on user); returns rows changed.
    """
    changed = 0
    with transaction.atomic():
        for field, wanted_by_account in (
            ("notify_inquiries", choices),
            ("notify_reviews", review_choices or {}),
        ):
            for account_id, wanted in wanted_by_account.items():
                changed += (
                    Membership.objects.filter(user=user, account_id=account_id)
                    .exclude(**{field: wanted})
                    .update(**{field: wanted})
                )
    return changed


def user_lockout_clear(*, user: User) -> int:
    """Forget the user's failed sign-ins (django-axes), e.g. once they proved who they are by
    resetting the password. Attempts are keyed by what was typed, so any case of the address
    counts. Returns how many attempt records were removed."""
    typed = set(
        AccessAttempt.objects.filter(username__iexact=user.email).values_list("username", flat=True)
    )
    return sum(axes_reset(username=username) for username in typed | {user.email})
