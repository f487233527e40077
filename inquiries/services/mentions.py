"""@mentions in internal notes: "@alex" (the part of a member's email before the @) or the whole
address, "@alex@studio.example". Only members of the note's account can be mentioned; anything
else stays plain text."""

from __future__ import annotations

import re

from voc_portal.accounts.models import Membership, User

# Starts a word; a trailing dot or comma is punctuation, not part of the handle.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)", re.UNICODE)


def mention_handles(body: str) -> set[str]:
    return {match.rstrip(".,").lower() for match in MENTION.findall(body or "")}


def mentioned_members(*, account_id: int, body: str, author: User) -> list[User]:
    """The account's active members the note names, without its author, in a stable order."""
    handles = mention_handles(body)
    if not handles:
        return []
    users = (
        Membership.objects.filter(account_id=account_id, user__is_active=True)
        .exclude(user_id=author.pk)
        .select_related("user")
        .order_by("user_id")
    )
    found = []
    for membership in users:
        email = membership.user.email.lower()
        if email in handles or email.split("@")[0] in handles:
            found.append(membership.user)
    return found
