"""Writes about purchases: consent, the audited showing of identifiers, cancellation."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.core.errors import Conflict, PermissionDenied

from .masking import mask_identifier
from .models import PaymentIdentifierView, Purchase, PurchaseConsent
from .selectors import purchase_consented_ids

IDENTIFIER_FIELDS = ("tid", "txid", "receipt_number")


def purchase_consent_record(
    *,
    purchase: Purchase,
    source: str,
    given_by: User | None = None,
    given_at: datetime | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    channel: str = "",
) -> PurchaseConsent:
    """Records the customer's consent O; call it inside the transaction that received it.

    Only the purchase's own customer (signed in, `given_by`) or the store's records grant it;
    anything else is refused, so no caller can turn a developer's statement into consent.
    """
    if source == PurchaseConsent.Source.CUSTOMER_LINK:
        if given_by is None or given_by.pk != purchase.customer.user_id:
            raise PermissionDenied(_("Only the customer who made the purchase can consent."))
    elif source != PurchaseConsent.Source.STORE:
        raise PermissionDenied(_("Only the customer or the store can give consent."))
    return PurchaseConsent.objects.create(
        purchase=purchase,
        source=source,
        given_by=given_by,
        given_at=given_at or timezone.now(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
        channel=channel or ("web" if source == PurchaseConsent.Source.CUSTOMER_LINK else "store"),
    )


def purchase_identifiers_show(
    *, purchases: list[Purchase], user: User, where: str, refund_id: int | None = None
) -> dict[int, dict]:
    """TID / TXID / receipt number of purchases the caller already scoped, keyed by purchase id.

    For developers (web, api) unmasked only with the customer's consent O (a developer's own
    statement never counts); store operations (admin) see the
    store's own records. Every unmasked showing writes an audit row (`refund_id`: the request
    the page is about). Two queries whatever the count: consents, audit rows.
    """
    if not purchases:
        return {}
    if where == PaymentIdentifierView.Where.ADMIN:
        if not user.is_staff:
            raise PermissionDenied()
        shown = {p.pk for p in purchases}
    else:
        shown = purchase_consented_ids(purchase_ids=[p.pk for p in purchases])
    PaymentIdentifierView.objects.bulk_create(
        PaymentIdentifierView(user=user, purchase=p, refund_id=refund_id, where=where)
        for p in purchases
        if p.pk in shown
    )
    result = {}
    for p in purchases:
        if p.pk in shown:
            result[p.pk] = {**{f: getattr(p, f) for f in IDENTIFIER_FIELDS}, "masked": False}
        else:
            masked = {f: mask_identifier(getattr(p, f)) for f in IDENTIFIER_FIELDS}
            result[p.pk] = {**masked, "masked": True}
    return result


def purchase_identifiers_show_for_member(
    *, purchase: Purchase, user: User, where: str, refund_id: int | None = None
) -> dict:
    """One purchase's identifiers for a developer, as `purchase_identifiers_show`.

    The caller has already checked that the purchase belongs to the member's account; this
    checks again and answers 404 for a foreign purchase.
    """
    if not purchase.app.account.memberships.filter(user=user).exists():
        raise Http404("No such purchase.")
    return purchase_identifiers_show(
        purchases=[purchase], user=user, where=where, refund_id=refund_id
    )[purchase.pk]


def purchase_cancel(*, purchase: Purchase, at: datetime) -> Purchase:
    """Cancels a completed purchase (a refund was approved); a second cancel is a conflict.

    A conditional UPDATE: only a purchase that is still completed changes.
    """
    cancelled = Purchase.objects.filter(pk=purchase.pk, state=Purchase.State.COMPLETED).update(
        state=Purchase.State.CANCELLED, cancelled_at=at
    )
    if cancelled != 1:
        raise Conflict(_("The purchase is already cancelled."), code="purchase_cancelled")
    purchase.refresh_from_db(fields=["state", "cancelled_at"])
    return purchase
