"""Payment notifications: applied by event time, recorded once, held until their purchase.

Order rules (docs/store-integration.md): a notification changes the purchase only if its event
time is later than the event that set the state we hold; at the same time CANCELED wins (a
cancellation is final for that instant). A notification for a purchase not yet sent is kept
`pending` and applied when the purchase arrives. The same event again is answered as the first.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.catalog.models import Purchase
from voc_portal.core.errors import Conflict

from ..models import PaymentNotification, StorePurchase
from .billing import billing_calls_confirm_by_notification

Outcome = PaymentNotification.Outcome
COMPARED = ("amount", "tid", "txid", "receipt_number")


def purchase_ids_lock(store_ids: list[str]) -> None:
    """Transaction-scoped advisory locks on purchase store ids, in one sorted order.

    A notification for a purchase not yet sent and that purchase's first upsert may run at the
    same time; neither can see the other's uncommitted row, so without this the notification
    could stay pending for good. Sorted, so two batches never wait on each other in a circle.
    """
    if not store_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext('store-purchase:' || x)"
            " AS h FROM unnest(%s::text[]) AS x ORDER BY h) AS ordered",
            [list(store_ids)],
        )


def _newer(notification: PaymentNotification, link: StorePurchase) -> bool:
    if link.state_at is None or notification.event_at > link.state_at:
        return True
    if notification.event_at == link.state_at:
        return notification.state == PaymentNotification.State.CANCELED
    return False


def _matches(notification: PaymentNotification, purchase: Purchase) -> bool:
    if notification.amount != purchase.amount:
        return False
    return all(
        not getattr(notification, name) or getattr(notification, name) == getattr(purchase, name)
        for name in ("tid", "txid", "receipt_number")
    )


def _apply(notification: PaymentNotification, link: StorePurchase, now: datetime) -> None:
    """Sets the outcome, and the purchase's state when the notification is the newest."""
    purchase = link.purchase
    if not _matches(notification, purchase):
        notification.outcome = Outcome.MISMATCH
    elif not _newer(notification, link):
        notification.outcome = Outcome.STALE
    else:
        canceled = notification.state == PaymentNotification.State.CANCELED
        if canceled:
            purchase.state, purchase.cancelled_at = Purchase.State.CANCELLED, notification.event_at
        else:
            purchase.state, purchase.cancelled_at = Purchase.State.COMPLETED, None
        purchase.save(update_fields=["state", "cancelled_at"])
        link.state_at = notification.event_at
        link.save(update_fields=["state_at"])
        notification.outcome, notification.applied_at = Outcome.APPLIED, now
        if canceled:  # billing cancelled it: an approved case waiting for billing is confirmed
            billing_calls_confirm_by_notification(
                purchase_store_id=link.store_id, at=notification.event_at
            )


def payment_notification_receive(
    *,
    purchase_id: str,
    state: str,
    event_at: datetime,
    amount: int,
    tid: str,
    txid: str,
    receipt_number: str,
    signature: str,
) -> tuple[PaymentNotification, bool]:
    """Records and applies one notification; returns it and whether it was new."""
    values = {"amount": amount, "tid": tid, "txid": txid, "receipt_number": receipt_number}
    key = {"purchase_store_id": purchase_id, "state": state, "event_at": event_at}
    try:
        with transaction.atomic():
            purchase_ids_lock([purchase_id])
            link = (
                StorePurchase.objects.select_for_update()
                .select_related("purchase")
                .filter(store_id=purchase_id)
                .first()
            )
            existing = PaymentNotification.objects.filter(**key).first()
            if existing is not None:
                return _same_event(existing, values), False
            notification = PaymentNotification(
                **key, **values, signature=signature, outcome=Outcome.PENDING
            )
            if link is not None:
                _apply(notification, link, timezone.now())
            notification.save()
            return notification, True
    except IntegrityError:
        # The same event arrived twice at once: the other request recorded it.
        return _same_event(PaymentNotification.objects.get(**key), values), False


def _same_event(existing: PaymentNotification, values: dict) -> PaymentNotification:
    if any(getattr(existing, name) != value for name, value in values.items()):
        raise Conflict(
            _("A notification for this purchase, state and event time was received with other "
              "values."),
            code="notification_conflict",
        )  # fmt: skip
    return existing


def pending_notifications_apply(links: dict[str, StorePurchase]) -> int:
    """Applies, in event order, the notifications that came before their purchase."""
    if not links:
        return 0
    pending = PaymentNotification.objects.filter(
        purchase_store_id__in=list(links), outcome=Outcome.PENDING
    ).order_by("event_at", "state")
    now, count = timezone.now(), 0
    for notification in pending:
        link = links[notification.purchase_store_id]
        _apply(notification, link, now)
        notification.save(update_fields=["outcome", "applied_at"])
        count += 1
    return count
