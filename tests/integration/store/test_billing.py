"""The billing call on approval, through real HTTP to a fake billing endpoint (tests/support).

Attempts are driven one by one here (the backoff is made due by moving `next_attempt_at`), so
each failure mode is seen in order; tests/e2e/test_billing_delivery.py runs the same through a
real Celery worker and beat.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.models import Category, Message
from refunds import services as refunds
from refunds.models import BillingState, RefundEvent, RefundRequest
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory
from tests.support.billing_server import FakeBilling
from voc_portal.catalog.models import Purchase
from voc_portal.store.models import BillingCall, StorePurchase
from voc_portal.store.services import billing as billing_calls

from .conftest import KEY_ID, OLD_KEY_ID, OLD_SECRET, SECRET, notification

pytestmark = pytest.mark.django_db
QUEUE = "admin:refunds_refundrequest_changelist"


@pytest.fixture(scope="module")
def fake_billing():
    server = FakeBilling(keys={KEY_ID: SECRET}, hang_seconds=1.5).start()
    yield server
    server.stop()


@pytest.fixture
def billing(fake_billing, settings):
    fake_billing.reset()
    if fake_billing._server is None:
        fake_billing.come_up()
    settings.VOC_STORE_BILLING_URL = fake_billing.url
    settings.VOC_STORE_BILLING_READ_TIMEOUT = 0.5
    settings.VOC_STORE_BILLING_CONNECT_TIMEOUT = 0.5
    yield fake_billing
    if fake_billing._server is None:
        fake_billing.come_up()


@pytest.fixture
def ops(db):
    return OpsUserFactory()


@pytest.fixture
def case(catalog):
    purchase = StorePurchase.objects.get(store_id=catalog).purchase
    return RefundRequestFactory(purchase=purchase, in_review=True, reason="Charged twice.")


def _approve(case, ops, django_capture_on_commit_callbacks):
    # The on-commit publish goes to a broker no worker reads here; the test drives attempts.
    with django_capture_on_commit_callbacks(execute=False):
        refunds.refund_approve(refund=case, actor=ops, note="Duplicate charge.")
    return BillingCall.objects.get(refund=case)


def _attempt(call):
    BillingCall.objects.filter(pk=call.pk).update(next_attempt_at=timezone.now())
    return billing_calls.billing_call_send(call_id=call.pk)


def _state(case):
    case.refresh_from_db()
    case.purchase.refresh_from_db()
    return case.billing_state, case.purchase.state


def test_billing_down_for_a_while_ends_in_exactly_one_confirmed_cancellation(
    billing, case, ops, django_capture_on_commit_callbacks
):
    billing.go_down()
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    assert _state(case) == (BillingState.PENDING, Purchase.State.COMPLETED)

    down = _attempt(call)  # connection refused
    assert down.status == BillingCall.Status.PENDING and down.next_attempt_at > timezone.now()
    assert "ConnectionError" in down.last_error
    assert _state(case) == (BillingState.FAILING, Purchase.State.COMPLETED)
    failing_since = case.billing_since

    billing.come_up()
    billing.script.extend(["5xx", "timeout"])
    assert _attempt(call).last_status_code == 503
    timed_out = _attempt(call)  # billing cancelled, but we never heard
    assert "Timeout" in timed_out.last_error
    assert _state(case) == (BillingState.FAILING, Purchase.State.COMPLETED)
    case.refresh_from_db()
    assert case.billing_since == failing_since  # "failing since" the start of the outage

    confirmed = _attempt(call)
    assert confirmed.status == BillingCall.Status.CONFIRMED
    assert confirmed.attempts == 4 and confirmed.response["replayed"] is True
    assert _state(case) == (BillingState.CONFIRMED, Purchase.State.CANCELLED)
    assert list(billing.cancellations) == [f"voc-refund-{case.pk}"]
    assert [r["status"] for r in billing.requests] == [503, 200, 200]
    assert billing.cancellations[f"voc-refund-{case.pk}"]["reason"] == "Charged twice."

    assert _attempt(call) is None  # confirmed: never claimed again
    assert len(billing.requests) == 3
    kinds = RefundEvent.objects.filter(refund=case, kind=RefundEvent.Kind.BILLING)
    assert [e.data["billing"] for e in kinds.order_by("pk")] == ["pending", "failing", "confirmed"]


def test_the_billing_request_carries_the_purchase_reason_and_one_key(
    billing, case, ops, django_capture_on_commit_callbacks
):
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    assert _attempt(call).status == BillingCall.Status.CONFIRMED
    body = call.body
    assert body["purchase_id"] == "pur-1" and body["amount"] == 3300
    assert body["tid"] == "Tpur-1" and body["customer_number"] == "C-1001"
    assert body["reason"] == "Charged twice." and body["decision_note"] == "Duplicate charge."
    assert body["idempotency_key"] == call.idempotency_key == f"voc-refund-{case.pk}"


def test_a_call_signed_with_a_key_billing_does_not_know_keeps_failing(
    billing, case, ops, settings, django_capture_on_commit_callbacks
):
    settings.VOC_STORE_API_KEYS = [f"{OLD_KEY_ID}:{OLD_SECRET}"]
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    refused = _attempt(call)
    assert refused.last_status_code == 401 and "unknown key" in refused.last_error
    assert billing.cancellations == {}
    assert _state(case) == (BillingState.FAILING, Purchase.State.COMPLETED)


def test_a_canceled_payment_notification_confirms_the_waiting_case(
    billing, store, case, ops, django_capture_on_commit_callbacks
):
    billing.go_down()
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    _attempt(call)
    body = notification(
        "pur-1", "CANCELED", "2099-01-01T00:00:00Z", 3300, "Tpur-1", "Xpur-1", "Rpur-1"
    )
    response = store.post("/payment-notifications/", body)
    assert response.json()["outcome"] == "applied", response.content
    assert _state(case) == (BillingState.CONFIRMED, Purchase.State.CANCELLED)
    call.refresh_from_db()
    assert call.status == BillingCall.Status.CONFIRMED
    billing.come_up()
    assert _attempt(call) is None and billing.requests == []


def test_a_late_older_completed_notification_does_not_undo_the_confirmed_cancellation(
    billing, store, case, ops, django_capture_on_commit_callbacks
):
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    _attempt(call)
    before = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    body = notification("pur-1", "COMPLETED", before, 3300, "Tpur-1", "Xpur-1", "Rpur-1")
    response = store.post("/payment-notifications/", body)
    assert response.json()["outcome"] == "stale"
    assert _state(case) == (BillingState.CONFIRMED, Purchase.State.CANCELLED)


def test_without_a_billing_url_or_a_store_purchase_the_approval_cancels_at_once(
    billing, settings, case, ops, purchase, django_capture_on_commit_callbacks
):
    own = RefundRequestFactory(purchase=purchase, in_review=True)  # not the store's purchase
    refunds.refund_approve(refund=own, actor=ops)
    assert _state(own) == ("", Purchase.State.CANCELLED)

    settings.VOC_STORE_BILLING_URL = ""
    refunds.refund_approve(refund=case, actor=ops)
    assert _state(case) == ("", Purchase.State.CANCELLED)
    assert not BillingCall.objects.exists() and billing.requests == []


def test_the_redrive_takes_only_due_unfinished_calls(
    billing, case, ops, django_capture_on_commit_callbacks
):
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    assert billing_calls.billing_call_redrive() == 1  # due: its publish may have been lost
    later = timezone.now() + datetime.timedelta(minutes=5)
    BillingCall.objects.filter(pk=call.pk).update(next_attempt_at=later)
    assert billing_calls.billing_call_redrive() == 0  # waiting for its backoff
    BillingCall.objects.filter(pk=call.pk).update(
        status=BillingCall.Status.SENDING, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert billing_calls.billing_call_redrive() == 1  # its worker died mid-attempt
    assert _attempt(call).status == BillingCall.Status.CONFIRMED
    assert billing_calls.billing_call_redrive() == 0


def test_ops_see_a_failing_call_in_the_queue_and_on_the_case(
    billing, case, ops, client, django_capture_on_commit_callbacks
):
    billing.go_down()
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    _attempt(call)
    client.force_login(ops)

    queue = client.get(reverse(QUEUE)).content.decode()  # the default view: open cases
    assert f"/admin/refunds/refundrequest/{case.pk}/change/" in queue
    assert "Billing: failing since" in queue
    failing = client.get(reverse(QUEUE), {"billing_state__exact": "failing"}).content.decode()
    assert f"/admin/refunds/refundrequest/{case.pk}/change/" in failing
    query = {"queue": "all", "billing_state__exact": "confirmed"}
    confirmed = client.get(reverse(QUEUE), query).content.decode()
    assert f"/admin/refunds/refundrequest/{case.pk}/change/" not in confirmed

    page = client.get(reverse("admin:refunds_refundrequest_change", args=[case.pk]))
    html = page.content.decode()
    assert 'id="billing-status"' in html and "ConnectionError" in html
    assert "The billing call is failing" in html


def test_ops_approving_in_admin_are_told_billing_is_asked(
    billing, case, ops, client, django_capture_on_commit_callbacks
):
    client.force_login(ops)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("admin:refunds_approve", args=[case.pk]), {"comment": ""}, follow=True
        )
    html = response.content.decode()
    assert "Approved; billing is asked to cancel the payment." in html
    assert "Billing: pending since" in html
    assert _state(case) == (BillingState.PENDING, Purchase.State.COMPLETED)


def test_the_customer_thread_says_cancelled_only_once_billing_confirmed(
    billing, case, ops, django_capture_on_commit_callbacks
):
    purchase = case.purchase
    inquiry = inquiry_services.inquiry_create(
        customer=purchase.customer, app=purchase.app, category=Category.REFUND,
        subject="Charged twice", body="Twice for one puzzle.", purchase=purchase,
    )  # fmt: skip
    RefundRequest.objects.filter(pk=case.pk).update(inquiry=inquiry)
    case.refresh_from_db()
    billing.script.append("5xx")
    call = _approve(case, ops, django_capture_on_commit_callbacks)
    _attempt(call)
    system = Message.objects.filter(inquiry=inquiry, author_kind="system")
    assert not system.exists()  # approved, but the purchase is not cancelled yet

    _attempt(call)
    assert list(system.values_list("code", flat=True)) == ["refund_approved"]
