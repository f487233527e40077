"""Reads of the Store API. The store sees its whole installation; a customer only their own."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer
from voc_portal.core.errors import DomainError

from .models import StoreApp, StorePurchase


def app_link_get(*, store_id: str) -> StoreApp:
    try:
        return StoreApp.objects.select_related("app__account__store_link").get(store_id=store_id)
    except StoreApp.DoesNotExist as exc:
        raise Http404("No such app.") from exc


def purchase_link_get(*, store_id: str) -> StorePurchase:
    try:
        return StorePurchase.objects.select_related("purchase").get(store_id=store_id)
    except StorePurchase.DoesNotExist as exc:
        raise Http404("No such purchase.") from exc


class UnknownCustomer(DomainError):
    """No customer has this customer number."""

    code = "unknown_customer"
    status = 403


def customer_for_number(customer_number: str) -> Customer:
    """The customer the store asserts (X-Store-Customer-Number), or a 403."""
    if not customer_number:
        raise UnknownCustomer(_("Send the customer's number in X-Store-Customer-Number."))
    customer = (
        Customer.objects.select_related("user").filter(customer_number=customer_number).first()
    )
    if customer is None:
        raise UnknownCustomer(_("No customer has this customer number."))
    return customer


def purchase_id_for_customer(*, customer: Customer, store_id: str | None) -> int | None:
    """The portal id of the customer's purchase with this store id (None: not theirs / none)."""
    if not store_id:
        return None
    return (
        StorePurchase.objects.filter(store_id=store_id, purchase__customer=customer)
        .values_list("purchase_id", flat=True)
        .first()
    )


def store_ids_of_purchases(purchase_ids: list[int]) -> dict[int, str]:
    return dict(
        StorePurchase.objects.filter(purchase_id__in=purchase_ids).values_list(
            "purchase_id", "store_id"
        )
    )


def app_link_for_inquiry(app_id) -> StoreApp:
    """The app a customer contacts, named by the store's id in the body (400 when unknown)."""
    link = (
        StoreApp.objects.select_related("app__account").filter(store_id=str(app_id or "")).first()
    )
    if link is None:
        raise DomainError(_("No app with this id."), field="app_id")
    return link
