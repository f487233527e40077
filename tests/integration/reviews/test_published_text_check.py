"""published_text_check on the database: the customer's own payment identifiers count (another
customer's do not), clean text passes, and the message says which kind of text is public."""

import pytest

from tests.factories import PurchaseFactory
from voc_portal.catalog.privacy import PrivateDataInText, published_text_check

pytestmark = pytest.mark.django_db


def test_a_reply_naming_the_customer_s_receipt_number_is_refused_with_it(purchase):
    # R + 10 digits: too short to look like an identifier; only the customer's own rows say so.
    with pytest.raises(PrivateDataInText) as refused:
        published_text_check(
            text=f"We refunded {purchase.receipt_number}.", customer_id=purchase.customer_id
        )
    message = str(refused.value)
    assert message.startswith("An official reply is public.")
    assert purchase.receipt_number in message


def test_a_review_is_told_it_is_a_review(purchase):
    with pytest.raises(PrivateDataInText) as refused:
        published_text_check(
            text="Call me on 010-1234-5678", customer_id=purchase.customer_id, what="review"
        )
    assert str(refused.value).startswith("A review is public.")


def test_clean_text_and_another_customer_s_receipt_number_pass(purchase):
    other = PurchaseFactory(app=purchase.app)
    assert (
        published_text_check(
            text=f"Thanks! Ticket {other.receipt_number} is closed.",
            customer_id=purchase.customer_id,
        )
        is None
    )
