"""Ops and developers move a request through TRANSITIONS: one service per edge."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.catalog.services import purchase_cancel
from voc_portal.core.errors import DomainError, InvalidTransition
from voc_portal.mail.services import outbound_email_queue

from .. import emails, hooks
from ..models import TRANSITIONS, BillingState, RefundEvent, RefundRequest, State
from .shared import (
    refund_event_write,
    refund_locked,
    refund_outcome_to_thread,
    refund_version_check,
)


def refund_transition(
    *,
    refund: RefundRequest,
    to_state: str,
    actor: User | None,
    note: str = "",
    from_states: tuple[str, ...] | None = None,
    if_match: str | None = None,
    if_match_required: bool = False,
    data: dict | None = None,
    **changes,
) -> RefundRequest:
    """Lock the row, check version and guard, change state, write the event, queue the emails.

    `from_states` narrows the table's guard for services that mean one edge only; `if_match`
    (the If-Match value the caller sent) makes a stale caller fail before anything changes;
    `if_match_required` (the API) makes a missing one fail too.
    """
    with transaction.atomic():
        locked = refund_locked(refund.pk)
        refund_version_check(locked, if_match, required=if_match_required)
        allowed_here = from_states is None or locked.state in from_states
        if not (allowed_here and TRANSITIONS.allows(locked.state, to_state)):
            raise InvalidTransition(
                _("A request that is %(old)s cannot become %(new)s.")
                % {"old": locked.get_state_display(), "new": State(to_state).label}
            )
        from_state = locked.state
        locked.state = to_state
        locked.updated_at = timezone.now()
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["state", "updated_at", *changes])
        refund_event_write(
            locked,
            kind=RefundEvent.Kind.TRANSITION,
            from_state=from_state,
            actor=actor,
            note=note,
            data=data,
            notify=True,
        )
        if to_state in (State.APPROVED, State.REJECTED):
            outbound_email_queue(spec=emails.refund_decided_spec(refund=locked))
        # An approval reaches the thread once the purchase is cancelled (refund_approve).
        if to_state == State.REJECTED:
            refund_outcome_to_thread(locked)
    return locked


def refund_start_review(*, refund: RefundRequest, actor: User) -> RefundRequest:
    return refund_transition(refund=refund, to_state=State.IN_REVIEW, actor=actor)


def refund_approve(*, refund: RefundRequest, actor: User, note: str = "") -> RefundRequest:
    """Approve and cancel the purchase, in one transaction.

    When the store's billing takes the cancellation (a `refund_approved` receiver wrote its call
    in this transaction), the purchase is cancelled only once billing confirms
    (refunds.services.billing); otherwise at once, as the portal's own record.
    """
    with transaction.atomic():
        now = timezone.now()
        refund = refund_transition(
            refund=refund,
            to_state=State.APPROVED,
            actor=actor,
            note=note,
            decided_at=now,
            decision_note=note,
        )
        if any(hooks.refund_approved.send(refund=refund, at=now)):
            refund.billing_state, refund.billing_since = BillingState.PENDING, now
            refund.save(update_fields=["billing_state", "billing_since"])
            refund_event_write(
                refund,
                kind=RefundEvent.Kind.BILLING,
                actor=None,
                data={"billing": BillingState.PENDING},
            )
        else:
            purchase_cancel(purchase=refund.purchase, at=now)
            refund_outcome_to_thread(refund)
    return refund


def refund_reject(*, refund: RefundRequest, actor: User, reason: str) -> RefundRequest:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to reject a request."), code="reason_required")
    return refund_transition(
        refund=refund,
        to_state=State.REJECTED,
        actor=actor,
        note=reason,
        decided_at=timezone.now(),
        decision_note=reason,
    )


def refund_request_info(*, refund: RefundRequest, actor: User, note: str) -> RefundRequest:
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say what information is needed."), code="note_required")
    return refund_transition(refund=refund, to_state=State.NEEDS_INFO, actor=actor, note=note)


def refund_answer_info(
    *,
    refund: RefundRequest,
    actor: User,
    answer: str,
    if_match: str | None = None,
    if_match_required: bool = False,
) -> RefundRequest:
    """The developer answers ops' question; the case goes back to review.

    `if_match`: the If-Match value the developer's client sent; a stale one raises
    PreconditionFailed and changes nothing (a missing one PreconditionRequired, when
    `if_match_required`: the API).
    """
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("The answer cannot be empty."), code="answer_required")
    return refund_transition(
        refund=refund,
        to_state=State.IN_REVIEW,
        actor=actor,
        note=answer,
        from_states=(State.NEEDS_INFO,),
        if_match=if_match,
        if_match_required=if_match_required,
    )


def refund_assign(*, refund: RefundRequest, actor: User, assignee: User) -> RefundRequest:
    """Give the case to an ops user; a submitted case goes into review with it."""
    if not assignee.is_staff:
        raise DomainError(_("Cases can only be assigned to ops staff."), code="not_ops")
    with transaction.atomic():
        locked = refund_locked(refund.pk)
        if not locked.is_open:
            raise InvalidTransition(_("A decided request cannot be reassigned."))
        if locked.assigned_to_id == assignee.pk:
            return locked
        # The kind and data say it; event_text renders it in the reader's language.
        data = {"assignee": assignee.pk, "assignee_name": assignee.get_full_name()}
        if locked.state == State.SUBMITTED:
            return refund_transition(
                refund=locked,
                to_state=State.IN_REVIEW,
                actor=actor,
                data=data,
                assigned_to=assignee,
            )
        locked.assigned_to = assignee
        locked.updated_at = timezone.now()
        locked.save(update_fields=["assigned_to", "updated_at"])
        refund_event_write(locked, kind=RefundEvent.Kind.ASSIGNED, actor=actor, data=data)
    return locked
