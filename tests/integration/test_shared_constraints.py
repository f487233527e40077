"""Rows the database itself must refuse, whatever code path tries to write them."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import CustomerFactory, PurchaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_duplicate_customer_number_is_rejected_when_inserted_twice():
    CustomerFactory(customer_number="C00000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerFactory(customer_number="C00000001")


@pytest.mark.parametrize("field", ["tid", "txid", "receipt_number"])
def test_duplicate_payment_identifier_is_rejected_when_inserted_twice(field):
    PurchaseFactory(**{field: "SAME-ID-1"})
    with pytest.raises(IntegrityError), transaction.atomic():
        PurchaseFactory(**{field: "SAME-ID-1"})


def test_user_email_is_unique_when_case_differs():
    UserFactory(email="dev@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="DEV@example.com")


def test_cancelled_purchase_needs_cancelled_at_when_state_is_cancelled():
    purchase = PurchaseFactory()
    purchase.state = "cancelled"
    with pytest.raises(IntegrityError), transaction.atomic():
        purchase.save()
