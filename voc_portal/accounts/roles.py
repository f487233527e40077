"""Team roles and what each may do: declared once, here, and checked by one function.

Every write that a role restricts goes through `role_require` (web views, API views and reply
by email reach it through the services that call it), so the three ways in cannot disagree.
Ranks are ordered: a higher role may do everything a lower one may.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    AGENT = "agent", _("Agent")
    READ_ONLY = "read_only", _("Read-only")


RANK = {Role.READ_ONLY: 0, Role.AGENT: 1, Role.ADMIN: 2, Role.OWNER: 3}

# Roles that answer customers: round-robin picks among them, assignees must hold one.
ANSWERING_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.AGENT})


class Action(StrEnum):
    INQUIRY_REPLY = "inquiry.reply"
    INQUIRY_NOTE = "inquiry.note"
    INQUIRY_CLOSE = "inquiry.close"
    INQUIRY_REOPEN = "inquiry.reopen"
    INQUIRY_ASSIGN = "inquiry.assign"
    REVIEW_REPLY = "review.reply"
    REVIEW_ASSIGN = "review.assign"
    TEMPLATE_MANAGE = "template.manage"
    SETTINGS_MANAGE = "settings.manage"
    MEMBER_MANAGE = "member.manage"
    MEMBER_APPS_MANAGE = "member.apps"
    TOKEN_MANAGE = "token.manage"  # noqa: S105 -- an action name, not a secret
    SHARED_VIEW_MANAGE = "view.manage_shared"


# The lowest role that may do each action. Read-only members see everything (their drafts stay
# in their browser) and change nothing.
MINIMUM = {
    Action.INQUIRY_REPLY: Role.AGENT,
    Action.INQUIRY_NOTE: Role.AGENT,
    Action.INQUIRY_CLOSE: Role.AGENT,
    Action.INQUIRY_REOPEN: Role.AGENT,
    Action.INQUIRY_ASSIGN: Role.AGENT,
    Action.REVIEW_REPLY: Role.AGENT,
    Action.REVIEW_ASSIGN: Role.AGENT,
    Action.TEMPLATE_MANAGE: Role.ADMIN,
    Action.SETTINGS_MANAGE: Role.ADMIN,
    Action.MEMBER_MANAGE: Role.OWNER,
    # Which apps an agent sees is a setting of the team, not a change of who belongs to it.
    Action.MEMBER_APPS_MANAGE: Role.ADMIN,
    # Listing and revoking the team's API tokens (one's own: any role).
    Action.TOKEN_MANAGE: Role.ADMIN,
    # Renaming or deleting a saved view shared with the team (your own: any role).
    Action.SHARED_VIEW_MANAGE: Role.ADMIN,
}


def role_allows(role: str, action: Action) -> bool:
    """Whether `role` may do `action` (an unknown role may do nothing)."""
    try:
        return RANK[Role(role)] >= RANK[MINIMUM[action]]
    except ValueError:
        return False


def roles_for(action: Action) -> frozenset[Role]:
    return frozenset(role for role in Role if role_allows(role, action))
