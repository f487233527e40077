"""Per-app access: which of the team's apps a member sees (Settings > Members > Apps).

Owners and admins always see every app (they manage the team's settings); an agent or a
read-only member may be given only some. What a member may see is read by
`selectors.app_ids_for_membership`, the one filter every list, thread and assignment uses.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.accounts.access import role_require
from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import RANK, Action, Role
from voc_portal.core.errors import Conflict, DomainError, NotFound

from .models import App, AppAccess


def role_may_be_restricted(role: str) -> bool:
    return RANK.get(role, 0) < RANK[Role.ADMIN]


def membership_apps_set(
    *, membership: Membership, target: Membership, all_apps: bool, app_ids: Iterable[int]
) -> Membership:
    """`membership` (an admin or owner) lets `target` see every app, or only `app_ids`.

    An app id of another account (or none at all) is a 404, as a foreign member is.
    """
    role_require(membership, Action.MEMBER_APPS_MANAGE)
    wanted = set(app_ids)
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .filter(pk=target.pk, account_id=membership.account_id)
            .first()
        )
        if locked is None:
            raise NotFound(_("No such member."))
        chosen = set(
            App.objects.filter(account_id=locked.account_id, pk__in=wanted).values_list(
                "pk", flat=True
            )
        )
        if chosen != wanted:
            raise NotFound(_("No such app."))
        if not all_apps:
            if not role_may_be_restricted(locked.role):
                raise Conflict(_("Owners and admins see every app."), code="role_sees_all")
            if not chosen:
                raise DomainError(_("Choose at least one app."), code="required", field="apps")
        locked.all_apps = all_apps
        locked.save(update_fields=["all_apps"])
        kept = set() if all_apps else chosen
        AppAccess.objects.filter(membership=locked).exclude(app_id__in=kept).delete()
        AppAccess.objects.bulk_create(
            [AppAccess(membership=locked, app_id=pk) for pk in sorted(kept)],
            ignore_conflicts=True,
        )
    return locked
