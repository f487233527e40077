"""Reads of the refund queue for views, API and admin. Tenancy: a foreign id is a 404."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.http import Http404

from inquiries.models import Inquiry
from voc_portal.accounts.models import DeveloperAccount
from voc_portal.catalog.models import Purchase

from .models import ConsentRequest, RefundEvent, RefundRequest, State


def refund_list(*, account: DeveloperAccount, state: str | None = None) -> QuerySet[RefundRequest]:
    """The account's requests, newest first; `state` narrows to one (an unknown one is ignored)."""
    qs = (
        RefundRequest.objects.for_account(account.pk)
        .select_related("app", "inquiry")
        .order_by("-created_at", "-id")
    )
    if state in State.values:
        qs = qs.filter(state=state)
    return qs


def refund_get_for_member(*, account: DeveloperAccount, pk: int) -> RefundRequest:
    try:
        return (
            RefundRequest.objects.for_account(account.pk)
            .select_related("app", "purchase__customer", "inquiry", "assigned_to")
            .get(pk=pk)
        )
    except RefundRequest.DoesNotExist as exc:
        raise Http404("No such refund request.") from exc


def refund_event_list(*, refund: RefundRequest) -> QuerySet[RefundEvent]:
    return refund.events.select_related("actor").order_by("created_at", "id")


def consent_request_list(*, refund: RefundRequest) -> QuerySet[ConsentRequest]:
    return ConsentRequest.objects.filter(refund=refund).order_by("id")


def purchase_find_for_account(
    *, account: DeveloperAccount, customer_number: str, purchased_at: datetime, item: str
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


def refund_initial_for_inquiry(*, inquiry: Inquiry) -> dict:
    """The refund form prefilled from an inquiry: its purchase, else the customer's latest
    completed purchase of that app."""
    purchase = inquiry.purchase
    if purchase is None:
        purchase = (
            Purchase.objects.filter(
                customer=inquiry.customer, app=inquiry.app, state=Purchase.State.COMPLETED
            )
            .order_by("-purchased_at", "-id")
            .first()
        )
    initial = {"inquiry": inquiry.pk, "customer_number": inquiry.customer.customer_number}
    if purchase is not None:
        initial["purchased_at"] = purchase.purchased_at
        initial["purchased_item"] = purchase.item_name
    return initial
