"""Erasure through admin (with confirmation): personal fields anonymised, messages keep their
text minus detected personal data, reviews kept as "Deleted user" or removed, purchases keep
what settlement needs; twice is harmless; 10,000 messages cost the same statements as 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inquiries import services as inquiry_services
from inquiries.models import Message
from reviews.models import Review
from tests.factories import CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.inquiries import InquiryFactory
from tests.factories.refunds import RefundRequestFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.catalog.models import Purchase
from voc_portal.privacy.erasure import customer_erase
from voc_portal.privacy.models import LifecycleRun

pytestmark = pytest.mark.django_db

URL = "/admin/accounts/customer/"


@pytest.fixture
def ops_client(client):
    client.force_login(OpsUserFactory())
    return client


@pytest.fixture
def subject(developer):
    customer = CustomerFactory(user__full_name="이승원", user__email="seungwon@example.com")
    purchase = PurchaseFactory(customer=customer, app=developer.app, amount=4900)
    RefundRequestFactory(purchase=purchase, with_consent=True, reason="Call 010-1234-5678")
    inquiry_services.inquiry_create(
        customer=customer,
        app=developer.app,
        category="error",
        subject="Crash",
        body=f"My receipt is {purchase.receipt_number}, mail me at seungwon@example.com. Thanks",
    )
    # Written before the guard covered reviews: the text erasure has to clean.
    ReviewFactory(
        customer=customer, app=developer.app, rating=2, body="카톡 ID: seungwon_1 로 연락"
    )
    customer.purchase = purchase
    return customer


def _erase(ops_client, customer, **extra):
    data = {"action": "erase_customer", "_selected_action": [customer.pk], **extra}
    return ops_client.post(URL, data)


def test_erasure_asks_for_confirmation_first(ops_client, subject):
    page = _erase(ops_client, subject)
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    subject.user.refresh_from_db()
    assert subject.user.email == "seungwon@example.com"
    assert not LifecycleRun.objects.exists()


def test_erasure_anonymises_and_keeps_what_is_needed(ops_client, developer, subject):
    assert _erase(ops_client, subject, confirm="yes").status_code == 302

    subject.user.refresh_from_db()
    user = subject.user
    assert (user.full_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert "seungwon" not in user.email
    message = Message.objects.get(inquiry__customer=subject)
    assert (
        message.body.startswith("My receipt is [***], mail me at [***]")
        and "Thanks" in message.body
    )
    review = Review.objects.get(customer=subject)
    assert review.deleted_at is None and "seungwon_1" not in review.body
    page = ops_client.get(reverse("reviews:app_detail", args=[developer.app.package_name]))
    assert "Deleted user" in page.content.decode() and "이*원" not in page.content.decode()
    refund = subject.purchase.refund_requests.get()
    assert (refund.tid, refund.reason) == ("", "Call [***]")
    purchase = Purchase.objects.get(pk=subject.purchase.pk)
    assert (purchase.amount, purchase.tid) == (4900, subject.purchase.tid)  # settlement
    assert LifecycleRun.objects.get().counts["customer_number"] == subject.customer_number


def test_erasure_can_remove_the_reviews(ops_client, subject):
    _erase(ops_client, subject, confirm="yes", reviews="remove")
    assert Review.objects.get(customer=subject).deleted_at is not None


def test_erasure_twice_changes_nothing_more(subject):
    ops = OpsUserFactory()
    customer_erase(customer=subject, actor=ops)
    first = list(Message.objects.values_list("body", flat=True))
    email = subject.user.email
    customer_erase(customer=subject, actor=ops)
    assert list(Message.objects.values_list("body", flat=True)) == first
    subject.user.refresh_from_db()
    assert subject.user.email == email and LifecycleRun.objects.count() == 2


def _messages(customer, app, n):
    inquiry = InquiryFactory(customer=customer, app=app)
    Message.objects.bulk_create(
        [
            Message(inquiry=inquiry, author_kind="customer", body=f"call 010-1234-{i:04d}")
            for i in range(n)
        ],
        batch_size=2000,
    )


def test_ten_thousand_messages_cost_as_many_statements_as_ten(developer):
    ops = OpsUserFactory()
    small, large = CustomerFactory(), CustomerFactory()
    _messages(small, developer.app, 10)
    _messages(large, developer.app, 10_000)

    with CaptureQueriesContext(connection) as few:
        customer_erase(customer=small, actor=ops)
    with CaptureQueriesContext(connection) as many:
        customer_erase(customer=large, actor=ops)

    assert len(many) == len(few)
    assert not Message.objects.filter(inquiry__customer=large, body__contains="010").exists()
