"""The one permission check every service calls: is this member allowed this action?

Web views, API views and reply by email all reach a write through a service, and the service
asks here (accounts.roles declares the table). Not a member at all is a 404 (a foreign account
is never confirmed to exist); a member whose role forbids the action gets a 403 that says so.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from voc_portal.core.errors import NotFound, PermissionDenied

from .models import Membership, User
from .roles import Action, role_allows

ROLE_FORBIDS = "role_forbids"


def role_require(membership: Membership, action: Action) -> None:
    if not role_allows(membership.role, action):
        raise PermissionDenied(
            _("Your role (%(role)s) does not allow this. Ask an owner or admin of %(account)s.")
            % {"role": membership.get_role_display(), "account": membership.account.name},
            code=ROLE_FORBIDS,
        )


def membership_require(*, account_id: int, user: User, action: Action | None) -> Membership:
    """The user's membership of the account, allowed `action` (None: any member)."""
    membership = (
        Membership.objects.select_related("account", "user")
        .filter(account_id=account_id, user_id=user.pk)
        .first()
    )
    if membership is None:
        raise NotFound(_("Not found."))
    if action is not None:
        role_require(membership, action)
    return membership


def membership_can(membership: Membership | None, action: Action) -> bool:
    return membership is not None and role_allows(membership.role, action)
