"""Who answers an app's item (an inquiry, a review needing a reply): the rules both share.

An assignee must be an active member of the item's account who answers (accounts.roles
ANSWERING_ROLES) and sees the item's app (per-app access). A change writes one event row,
`assigned` or `unassigned` with the same data for every kind of item, and tells the new
assignee, unless they did it themself. The domain passes its own event writer and its email;
the caller holds the item's row lock.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.accounts.roles import ANSWERING_ROLES
from voc_portal.accounts.selectors import membership_list_for_account
from voc_portal.core.bulk import BulkAction
from voc_portal.core.errors import Conflict, DomainError, NotFound

from .selectors import app_visible_to

ASSIGNED, UNASSIGNED = "assigned", "unassigned"
# The Mine / Unassigned / Team tabs of the inbox and the review console.
ASSIGNED_VIEWS = ("mine", "unassigned", "team")


def assignee_check(assignee: Membership, *, account_id: int, app_id: int, message: str) -> None:
    able = (
        assignee.account_id == account_id
        and assignee.role in ANSWERING_ROLES
        and assignee.user.is_active
        and app_visible_to(assignee, app_id)
    )
    if not able:
        raise DomainError(message, code="invalid_assignee", field="assignee")


def assignee_change(
    item,
    assignee: Membership | None,
    *,
    actor,
    via: str,
    event_write: Callable[..., object],
    notify: Callable[[object], None],
    rule: str = "",
) -> bool:
    """Set `item.assignee`; `event_write(kind=..., data=...)` records it and `notify(event)`
    tells the assignee. False (nothing written, nobody told) when it was theirs already."""
    previous = item.assignee_id
    if previous == (assignee.pk if assignee else None):
        return False
    item.assignee = assignee
    item.save(update_fields=["assignee"])
    data = {"from_member": previous, "via": via}
    if rule:
        data["rule"] = rule
    if assignee is None:
        event_write(kind=UNASSIGNED, data=data)
        return True
    data |= {"to_member": assignee.pk, "to_name": assignee.user.get_full_name()}
    event = event_write(kind=ASSIGNED, data=data)
    if actor is None or actor.pk != assignee.user_id:
        notify(event)
    return True


def assignee_lookup(account: DeveloperAccount, member_id: int | None) -> Membership | None:
    """The account's member with this id (None: unassign); another account's is a 404."""
    if member_id is None:
        return None
    found = Membership.objects.filter(account=account, pk=member_id).select_related("user").first()
    if found is None:
        raise NotFound(_("No such member."))
    return found


def assignee_from_form(account: DeveloperAccount, me: Membership, raw: str) -> Membership | None:
    """A web form's `assignee`: "me", a member id, or empty (unassign)."""
    if raw == "me":
        return me
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise DomainError(_("Choose a member of this team."), code="invalid", field="assignee")
    try:
        return assignee_lookup(account, int(raw))
    except NotFound as exc:
        raise DomainError(
            _("Choose a member of this team."), code="invalid", field="assignee"
        ) from exc


def assign_to_me_bulk_action(
    *, assign: Callable[..., object], account_id: Callable[[object], int]
) -> BulkAction:
    """The bulk bar's "Assign to me" for a list whose service is `assign(membership=...,
    item=..., assignee=...)`; the service checks the role and the app under its row lock."""

    def run(*, item, actor) -> None:
        member = Membership.objects.select_related("user", "account").get(
            account_id=account_id(item), user=actor
        )
        if item.assignee_id == member.pk:
            raise Conflict(_("already yours"), code="already_assigned")
        assign(membership=member, item=item, assignee=member)

    return BulkAction(
        name="assign_me",
        label=gettext_lazy("Assign to me"),
        done=gettext_lazy("assigned to you"),
        run=run,
    )


def assigned_q(assigned: str | None, membership: Membership | None) -> Q:
    """Mine / Unassigned / Team; "mine" and "team" mean nothing without the member."""
    if assigned == "unassigned":
        return Q(assignee__isnull=True)
    if membership is None:
        return Q()
    if assigned == "mine":
        return Q(assignee_id=membership.pk)
    if assigned == "team":
        return Q(assignee__isnull=False) & ~Q(assignee_id=membership.pk)
    return Q()


def assignment_tabs(request, counts: dict, *, url_name: str) -> list[dict]:
    """Mine / Unassigned / Team with their counts (`assigned_<tab>`); each keeps the list's
    other filters."""
    keep = {k: v for k, v in request.GET.items() if k not in ("assigned", "cursor") and v}
    current = request.GET.get("assigned") or ""
    labels = {"mine": _("Mine"), "unassigned": _("Unassigned"), "team": _("Team")}
    return [
        {
            "key": key,
            "label": labels[key],
            "count": counts.get(f"assigned_{key}", 0),
            "url": reverse(url_name) + "?" + urlencode({**keep, "assigned": key}),
            "active": current == key,
        }
        for key in ASSIGNED_VIEWS
    ]


def assignable_members(
    account: DeveloperAccount, members: list[Membership] | None = None
) -> list[Membership]:
    """Who an assignee picker offers: the members who answer (the service checks the app)."""
    members = membership_list_for_account(account) if members is None else members
    return [m for m in members if m.role in ANSWERING_ROLES]
