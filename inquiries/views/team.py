"""What the thread page adds for a team: who may do what, the assignee picker, the collision
guard's version and who else is here (the pickers and tabs themselves: catalog.assignment)."""

from __future__ import annotations

from voc_portal.accounts.access import membership_can
from voc_portal.accounts.roles import Action
from voc_portal.accounts.selectors import membership_list_for_account
from voc_portal.catalog.assignment import assignable_members

from .. import presence


def thread_team_context(view, inquiry, version: int) -> dict:
    """What the thread page shows for the team: who may do what, the assignee picker, the
    collision guard's version and who else is here now."""
    membership = view.membership
    members = membership_list_for_account(view.account)
    return {
        "can_reply": membership_can(membership, Action.INQUIRY_REPLY),
        "can_note": membership_can(membership, Action.INQUIRY_NOTE),
        "can_close": membership_can(membership, Action.INQUIRY_CLOSE),
        "can_assign": membership_can(membership, Action.INQUIRY_ASSIGN),
        "can_templates": membership_can(membership, Action.TEMPLATE_MANAGE),
        "assignable": assignable_members(view.account, members),
        "thread_version": version,
        "present": presence.presence_others(
            inquiry_id=inquiry.pk, membership=membership, user_ids=[m.user_id for m in members]
        ),
        "me": membership,
    }
