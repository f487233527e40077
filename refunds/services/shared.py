"""The steps every refund service shares: lock the row, check the version, write the event,
tell the account's members. Side effects are outbox rows in the caller's transaction."""

from __future__ import annotations

from inquiries.models import SystemCode
from inquiries.services import inquiry_system_message_add
from voc_portal.accounts.models import User
from voc_portal.accounts.selectors import account_member_list
from voc_portal.api.etags import if_match_check
from voc_portal.core.errors import PreconditionFailed
from voc_portal.mail.services import outbound_email_queue

from .. import emails, hooks
from ..models import RefundEvent, RefundRequest, State, refund_etag

# The one precondition error (voc_portal.core.errors); the old name stays for callers.
RefundChanged = PreconditionFailed


def refund_locked(refund_id: int) -> RefundRequest:
    """The row, locked for the rest of the transaction, with what the emails need."""
    return (
        RefundRequest.objects.select_for_update(of=("self",))
        .select_related("account", "app", "purchase__customer__user")
        .get(pk=refund_id)
    )


def refund_version_check(
    refund: RefundRequest, if_match: str | None, *, required: bool = False
) -> None:
    """`if_match`: the If-Match value the caller sent (the ETags it last read, or `*`).

    None skips the check unless `required` (the API: then PreconditionRequired). Call it on the
    locked row, so no change can slip between the check and the write.
    """
    if_match_check(if_match, refund_etag(refund), required=required)


def refund_event_write(
    refund: RefundRequest,
    *,
    kind: str,
    actor: User | None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str = "",
    data: dict | None = None,
    notify: bool = False,
) -> RefundEvent:
    """One event row; a fact (no from/to given) is recorded in the state it happened in."""
    event = RefundEvent.objects.create(
        refund=refund,
        kind=kind,
        from_state=refund.state if from_state is None else from_state,
        to_state=refund.state if to_state is None else to_state,
        actor=actor,
        note=note,
        data=data or {},
    )
    if notify:
        refund_members_notify(refund, event)
    if kind == RefundEvent.Kind.TRANSITION:
        # The apps above (webhooks) hear of every filing and change of state.
        hooks.refund_state_changed.send(refund=refund, event=event)
    return event


def refund_members_notify(refund: RefundRequest, event: RefundEvent) -> None:
    """Every notified member of the developer account hears of a change of state (or of the
    customer's consent answer), in their language; not the member who made the change."""
    changed = event.from_state != event.to_state
    if not changed and event.kind != RefundEvent.Kind.CONSENT_ANSWERED:
        return
    for member in account_member_list(refund.account, notify_only=True):
        if member.pk == event.actor_id:
            continue
        outbound_email_queue(
            spec=emails.refund_changed_spec(refund=refund, event=event, member=member)
        )


def refund_outcome_to_thread(refund: RefundRequest) -> None:
    """The customer and the developer see the decision on the linked inquiry's thread (an
    approval once the purchase is cancelled: at once, or when the store's billing confirms)."""
    if not refund.inquiry_id:
        return
    approved = refund.state == State.APPROVED
    inquiry_system_message_add(
        inquiry_id=refund.inquiry_id,
        code=SystemCode.REFUND_APPROVED if approved else SystemCode.REFUND_REJECTED,
        data={"item": refund.purchased_item, "reason": "" if approved else refund.decision_note},
    )
