"""Every write to the refund queue. One service per transition; each locks, guards, logs, mails."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries.models import Inquiry
from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.accounts.selectors import account_member_list
from voc_portal.catalog.models import Purchase
from voc_portal.core.errors import Conflict, DomainError, InvalidTransition, NotFound
from voc_portal.mail.services import outbound_email_queue

from . import emails
from .models import ConsentRequest, RefundEvent, RefundRequest, Source, State

CONSENT_SALT = "refunds.consent"


def consent_link_ttl() -> timedelta:
    return getattr(settings, "VOC_CONSENT_LINK_TTL", timedelta(days=7))


# --- side effects (outbox rows in the caller's transaction; sent after commit) -----------------


def _notify_members(refund: RefundRequest, event: RefundEvent) -> None:
    for member in account_member_list(refund.account, notify_only=True):
        outbound_email_queue(
            spec=emails.refund_changed_spec(refund=refund, event=event, member=member)
        )


def _event(
    refund: RefundRequest, *, from_state: str, to_state: str, actor: User | None, note: str = ""
) -> RefundEvent:
    return RefundEvent.objects.create(
        refund=refund, from_state=from_state, to_state=to_state, actor=actor, note=note
    )


def _locked(refund_id: int) -> RefundRequest:
    return (
        RefundRequest.objects.select_for_update(of=("self",))
        .select_related("account", "app", "purchase__customer__user")
        .get(pk=refund_id)
    )


def _transition(
    *,
    refund: RefundRequest,
    to_state: str,
    actor: User | None,
    note: str = "",
    from_states: tuple[str, ...] | None = None,
    **changes,
) -> RefundRequest:
    """Lock the row, check the guard, change state, write the event, queue the emails.

    `from_states` narrows the table's guard for services that mean one edge only.
    """
    with transaction.atomic():
        locked = _locked(refund.pk)
        allowed_here = from_states is None or locked.state in from_states
        if not (allowed_here and locked.can_transition(to_state)):
            raise InvalidTransition(
                _("A request that is %(old)s cannot become %(new)s.")
                % {"old": locked.get_state_display(), "new": State(to_state).label}
            )
        from_state = locked.state
        now = timezone.now()
        locked.state = to_state
        locked.updated_at = now
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["state", "updated_at", *changes])
        event = _event(locked, from_state=from_state, to_state=to_state, actor=actor, note=note)
        _notify_members(locked, event)
        if to_state in (State.APPROVED, State.REJECTED):
            outbound_email_queue(spec=emails.refund_decided_spec(refund=locked))
    return locked


# --- submit -------------------------------------------------------------------------------------


def refund_submit(
    *,
    account: DeveloperAccount,
    actor: User | None,
    purchase: Purchase,
    source: str = Source.DEVELOPER_CONTACT,
    consent: bool,
    reason: str = "",
    inquiry: Inquiry | None = None,
    tid: str = "",
    txid: str = "",
    receipt_number: str = "",
) -> RefundRequest:
    """A developer files a refund request for a purchase of one of the account's apps."""
    if purchase.app.account_id != account.pk:
        raise NotFound(_("No such purchase."))
    if inquiry is not None and inquiry.account_id != account.pk:
        raise NotFound(_("No such inquiry."))
    identifiers = {"tid": tid.strip(), "txid": txid.strip(), "receipt_number": receipt_number}
    identifiers["receipt_number"] = identifiers["receipt_number"].strip()
    if not consent and any(identifiers.values()):
        raise DomainError(
            _("Payment identifiers can only be given with consent (O)."), code="consent_required"
        )
    if purchase.state != Purchase.State.COMPLETED:
        raise Conflict(_("This purchase is already cancelled."), code="purchase_cancelled")
    try:
        with transaction.atomic():
            refund = RefundRequest.objects.create(
                account=account,
                app=purchase.app,
                purchase=purchase,
                inquiry=inquiry,
                source=source,
                consent=consent,
                consent_at=timezone.now() if consent else None,
                customer_number=purchase.customer.customer_number,
                purchased_at=purchase.purchased_at,
                purchased_item=purchase.item_name,
                reason=reason,
                created_by=actor,
                **identifiers,
            )
            event = _event(refund, from_state="", to_state=State.SUBMITTED, actor=actor)
            _notify_members(refund, event)
    except IntegrityError as exc:
        if "refund_one_open_per_purchase" in str(exc):
            raise Conflict(
                _("There is already an open refund request for this purchase."),
                code="refund_already_open",
            ) from exc
        raise
    return refund


# --- transitions --------------------------------------------------------------------------------


def refund_start_review(*, refund: RefundRequest, actor: User) -> RefundRequest:
    return _transition(refund=refund, to_state=State.IN_REVIEW, actor=actor)


def refund_approve(*, refund: RefundRequest, actor: User, note: str = "") -> RefundRequest:
    """Approve and cancel the purchase, in one transaction."""
    with transaction.atomic():
        now = timezone.now()
        refund = _transition(
            refund=refund,
            to_state=State.APPROVED,
            actor=actor,
            note=note,
            decided_at=now,
            decision_note=note,
        )
        cancelled = Purchase.objects.filter(
            pk=refund.purchase_id, state=Purchase.State.COMPLETED
        ).update(state=Purchase.State.CANCELLED, cancelled_at=now)
        if cancelled != 1:
            raise Conflict(_("The purchase is already cancelled."), code="purchase_cancelled")
        refund.purchase.refresh_from_db(fields=["state", "cancelled_at"])
    return refund


def refund_reject(*, refund: RefundRequest, actor: User, reason: str) -> RefundRequest:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to reject a request."), code="reason_required")
    return _transition(
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
    return _transition(refund=refund, to_state=State.NEEDS_INFO, actor=actor, note=note)


def refund_answer_info(*, refund: RefundRequest, actor: User, answer: str) -> RefundRequest:
    """The developer answers ops' question; the case goes back to review."""
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("The answer cannot be empty."), code="answer_required")
    return _transition(
        refund=refund,
        to_state=State.IN_REVIEW,
        actor=actor,
        note=answer,
        from_states=(State.NEEDS_INFO,),
    )


def refund_assign(*, refund: RefundRequest, actor: User, assignee: User) -> RefundRequest:
    """Give the case to an ops user; a submitted case goes into review with it."""
    if not assignee.is_staff:
        raise DomainError(_("Cases can only be assigned to ops staff."), code="not_ops")
    with transaction.atomic():
        locked = _locked(refund.pk)
        if not locked.is_open:
            raise InvalidTransition(_("A decided request cannot be reassigned."))
        if locked.assigned_to_id == assignee.pk:
            return locked
        note = f"Assigned to {assignee.get_full_name()}"
        if locked.state == State.SUBMITTED:
            return _transition(
                refund=locked,
                to_state=State.IN_REVIEW,
                actor=actor,
                note=note,
                assigned_to=assignee,
            )
        locked.assigned_to = assignee
        locked.updated_at = timezone.now()
        locked.save(update_fields=["assigned_to", "updated_at"])
        _event(locked, from_state=locked.state, to_state=locked.state, actor=actor, note=note)
    return locked


# --- consent ------------------------------------------------------------------------------------


def consent_request_send(*, refund: RefundRequest, actor: User) -> ConsentRequest:
    """Email the customer a signed, single-use, expiring link to consent to sharing identifiers."""
    with transaction.atomic():
        locked = _locked(refund.pk)
        if locked.consent:
            raise Conflict(_("The customer has already consented."), code="already_consented")
        if not locked.is_open:
            raise InvalidTransition(_("The request is already decided."))
        now = timezone.now()
        consent = ConsentRequest.objects.create(
            refund=locked,
            customer=locked.purchase.customer,
            requested_by=actor,
            nonce=secrets.token_hex(16),
            created_at=now,
            expires_at=now + consent_link_ttl(),
        )
        token = consent_token(consent)
        outbound_email_queue(spec=emails.consent_request_spec(consent=consent, token=token))
        _event(
            locked,
            from_state=locked.state,
            to_state=locked.state,
            actor=actor,
            note="Asked the customer for consent",
        )
    return consent


def consent_token(consent: ConsentRequest) -> str:
    return signing.dumps({"c": consent.pk, "n": consent.nonce}, salt=CONSENT_SALT, compress=True)


class ConsentLinkInvalid(DomainError):
    """This link is not valid."""

    code = "consent_link_invalid"
    status = 404


class ConsentLinkUsed(Conflict):
    """This link has already been used."""

    code = "consent_link_used"


class ConsentLinkExpired(DomainError):
    """This link has expired."""

    code = "consent_link_expired"
    status = 410


def consent_request_from_token(*, token: str) -> ConsentRequest:
    """Read-only: the request behind a link, or an error saying why it is unusable."""
    try:
        data = signing.loads(token, salt=CONSENT_SALT)
        consent = ConsentRequest.objects.select_related(
            "refund__app", "refund__account", "refund__purchase", "customer__user"
        ).get(pk=int(data["c"]), nonce=str(data["n"]))
    except (signing.BadSignature, ConsentRequest.DoesNotExist, KeyError, TypeError, ValueError):
        raise ConsentLinkInvalid() from None
    if consent.used_at is not None:
        raise ConsentLinkUsed()
    if consent.expires_at <= timezone.now():
        raise ConsentLinkExpired()
    return consent


def consent_request_answer(*, token: str, consent: bool) -> ConsentRequest:
    """The customer's POST: record consent O (copies the identifiers) or X, once."""
    request = consent_request_from_token(token=token)
    now = timezone.now()
    with transaction.atomic():
        used = ConsentRequest.objects.filter(
            pk=request.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now, consented=consent)
        if used != 1:
            raise ConsentLinkUsed()
        refund = _locked(request.refund_id)
        if consent and not refund.consent:
            purchase = refund.purchase
            refund.consent = True
            refund.consent_at = now
            refund.tid, refund.txid = purchase.tid, purchase.txid
            refund.receipt_number = purchase.receipt_number
            refund.updated_at = now
            refund.save(
                update_fields=[
                    "consent",
                    "consent_at",
                    "tid",
                    "txid",
                    "receipt_number",
                    "updated_at",
                ]
            )
        note = "The customer consented" if consent else "The customer declined consent"
        event = _event(
            refund, from_state=refund.state, to_state=refund.state, actor=None, note=note
        )
        _notify_members(refund, event)
    request.refresh_from_db()
    return request
