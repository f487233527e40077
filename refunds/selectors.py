"""Reads of the refund queue for views, API and admin. Tenancy: a foreign id is a 404."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404

from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.catalog.masking import mask_identifier
from voc_portal.catalog.models import Purchase

from .models import PaymentIdentifierView, RefundRequest

IDENTIFIER_FIELDS = ("tid", "txid", "receipt_number")


def refund_list(*, account: DeveloperAccount) -> QuerySet[RefundRequest]:
    return (
        RefundRequest.objects.for_account(account.pk)
        .select_related("app", "inquiry")
        .order_by("-created_at", "-id")
    )


def refund_get_for_member(*, account: DeveloperAccount, pk: int) -> RefundRequest:
    try:
        return (
            RefundRequest.objects.for_account(account.pk)
            .select_related("app", "purchase__customer", "inquiry", "assigned_to")
            .get(pk=pk)
        )
    except RefundRequest.DoesNotExist as exc:
        raise Http404("No such refund request.") from exc


def purchase_has_consent(*, purchase: Purchase) -> bool:
    """Consent O given for this purchase (by the developer's form or by the customer's link)."""
    return RefundRequest.objects.filter(purchase=purchase, consent=True).exists()


def purchase_identifiers_for_member(
    *, purchase: Purchase, user: User, where: str, refund: RefundRequest | None = None
) -> dict:
    """TID / TXID / receipt number for a developer: unmasked (and audited) only with consent O.

    The caller has already checked that the purchase belongs to the member's account; this
    checks again and answers 404 for a foreign purchase.
    """
    if not purchase.app.account.memberships.filter(user=user).exists():
        raise Http404("No such purchase.")
    return purchase_identifiers_many(purchases=[purchase], user=user, where=where, refund=refund)[
        purchase.pk
    ]


def purchase_identifiers_many(
    *, purchases: list[Purchase], user: User, where: str, refund: RefundRequest | None = None
) -> dict[int, dict]:
    """The identifiers of several purchases the caller has already scoped to the member's
    account, keyed by purchase id: two queries whatever the count (consents, audit rows)."""
    if not purchases:
        return {}
    consented = set(
        RefundRequest.objects.filter(purchase__in=purchases, consent=True).values_list(
            "purchase_id", flat=True
        )
    )
    PaymentIdentifierView.objects.bulk_create(
        PaymentIdentifierView(user=user, purchase=p, refund=refund, where=where)
        for p in purchases
        if p.pk in consented
    )
    result = {}
    for p in purchases:
        if p.pk in consented:
            result[p.pk] = {**{f: getattr(p, f) for f in IDENTIFIER_FIELDS}, "masked": False}
        else:
            masked = {f: mask_identifier(getattr(p, f)) for f in IDENTIFIER_FIELDS}
            result[p.pk] = {**masked, "masked": True}
    return result


def purchase_find_for_account(
    *, account: DeveloperAccount, customer_number: str, purchased_at, item: str
) -> Purchase | None:
    """The purchase a developer means in the refund form: customer + minute + item, own apps."""
    start = purchased_at.replace(second=0, microsecond=0)
    return (
        Purchase.objects.filter(
            app__account=account,
            customer__customer_number=customer_number.strip(),
            purchased_at__gte=start,
            purchased_at__lt=start + timedelta(minutes=1),
            item_name__iexact=item.strip(),
        )
        .select_related("app", "customer")
        .order_by("-purchased_at", "-id")
        .first()
    )
