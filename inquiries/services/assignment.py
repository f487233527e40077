"""Who answers an inquiry: assignment by a member and by round-robin.

An assignee must be an active member of the inquiry's account who answers (accounts.roles
ANSWERING_ROLES) and can see the inquiry's app. Every change writes an `assigned` or
`unassigned` event and tells the new assignee by email (outbox) and push (voc_portal.push),
unless they did it themself: catalog.assignment, the rules reviews share.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.accounts.roles import ANSWERING_ROLES, Action
from voc_portal.catalog.assignment import assignee_change, assignee_check
from voc_portal.catalog.selectors import app_visible_to
from voc_portal.mail.services import outbound_email_queue
from voc_portal.push.services import push_notify

from .. import emails, pushes
from ..models import Inquiry
from .shared import event_write, inquiry_lock, instance_sync, member_require


def _assignee_check(inquiry: Inquiry, assignee: Membership) -> None:
    assignee_check(
        assignee,
        account_id=inquiry.account_id,
        app_id=inquiry.app_id,
        message=_("Choose a member of this team who answers inquiries about this app."),
    )


def _assignee_set(
    locked: Inquiry, assignee: Membership | None, *, actor, now: datetime, via: str, rule: str = ""
) -> bool:
    """Set the assignee under the caller's lock; event and email (catalog.assignment)."""

    def notify(event) -> None:
        spec = emails.assigned_spec(
            inquiry=locked, assignee=assignee.user, by=actor, event_id=event.pk
        )
        outbound_email_queue(spec=spec)
        push_notify(
            notice=pushes.assigned_notice(
                inquiry=locked, assignee=assignee, by=actor, event_id=event.pk
            )
        )

    return assignee_change(
        locked,
        assignee,
        actor=actor,
        via=via,
        rule=rule,
        event_write=lambda kind, data: event_write(locked, kind, actor=actor, now=now, **data),
        notify=notify,
    )


def inquiry_assign(
    *,
    membership: Membership,
    inquiry: Inquiry,
    assignee: Membership | None,
    via: str = "web",
) -> Inquiry:
    """`membership` (the acting member) gives `inquiry` to `assignee`, or clears it (None).

    Assigning the current assignee again changes nothing (no event, no email): safe to repeat,
    e.g. from a bulk action. Returns the inquiry with the assignee as saved.
    """
    member_require(inquiry, membership.user, Action.INQUIRY_ASSIGN)
    with transaction.atomic():
        locked = inquiry_lock(inquiry)
        if assignee is not None:
            assignee = Membership.objects.select_related("user").get(pk=assignee.pk)
            _assignee_check(locked, assignee)
        _assignee_set(locked, assignee, actor=membership.user, now=timezone.now(), via=via)
    instance_sync(inquiry, locked, ["assignee"])
    return inquiry


def round_robin_candidates(*, account: DeveloperAccount, app_id: int) -> list[Membership]:
    """Who may get the next inquiry about the app: active answering members with access to it,
    the longest without a round-robin assignment first."""
    members = (
        Membership.objects.filter(account=account, role__in=ANSWERING_ROLES, user__is_active=True)
        .select_related("user")
        .order_by(F("last_assigned_at").asc(nulls_first=True), "id")
    )
    return [m for m in members if app_visible_to(m, app_id)]


def inquiry_round_robin_assign(*, inquiry: Inquiry) -> Membership | None:
    """Give a new inquiry to the next available member, if its account assigns in turn.

    Runs inside the creating transaction. The account row is locked so two inquiries created
    at once go to two members, not both to the same one.
    """
    account = DeveloperAccount.objects.select_for_update().get(pk=inquiry.account_id)
    if not account.round_robin or inquiry.assignee_id is not None:
        return None
    candidates = round_robin_candidates(account=account, app_id=inquiry.app_id)
    if not candidates:
        return None
    chosen = candidates[0]
    now = timezone.now()
    Membership.objects.filter(pk=chosen.pk).update(last_assigned_at=now)
    _assignee_set(inquiry, chosen, actor=None, now=now, via="rule", rule="round_robin")
    return chosen
