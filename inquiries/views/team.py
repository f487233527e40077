"""What the inbox and the thread pages add for a team: who may do what, the assignee picker,
the Mine / Unassigned / Team tabs, the collision guard's version and who else is here."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from voc_portal.accounts.access import membership_can
from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import ANSWERING_ROLES, Action
from voc_portal.accounts.selectors import membership_list_for_account

from .. import presence

VIEW_TABS = (("mine", "Mine"), ("unassigned", "Unassigned"), ("team", "Team"))


def assignable_members(account, members: list[Membership] | None = None) -> list[Membership]:
    members = membership_list_for_account(account) if members is None else members
    return [m for m in members if m.role in ANSWERING_ROLES]


def assignment_tabs(request, counts: dict) -> list[dict]:
    """Mine / Unassigned / Team with counts; each keeps the other filters."""
    keep = {k: v for k, v in request.GET.items() if k not in ("assigned", "cursor") and v}
    current = request.GET.get("assigned") or ""
    labels = {"mine": _("Mine"), "unassigned": _("Unassigned"), "team": _("Team")}
    return [
        {
            "key": key,
            "label": labels[key],
            "count": counts.get(f"assigned_{key}", 0),
            "url": reverse("inquiries:inbox") + "?" + urlencode({**keep, "assigned": key}),
            "active": current == key,
        }
        for key, _label in VIEW_TABS
    ]


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
