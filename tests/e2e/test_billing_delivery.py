"""The billing call on approval with a REAL Celery worker and beat, and billing down for a while.

Ops approve in admin while the store's billing (tests/support/billing_server.py, real HTTP) is
down; the worker retries with backoff; billing comes back, answers a 503, then cancels but
answers too late; the next attempt gets the same cancellation back. Billing has cancelled once,
the case says confirmed, the purchase is cancelled, and beat's re-drive sends nothing more.
"""

import time

import pytest
from django.urls import reverse

from refunds.models import BillingState
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory
from tests.integration.store.conftest import store_catalog_upsert
from tests.support.billing_server import FakeBilling
from tests.support.celery_worker import celery_processes, wait_until
from voc_portal.catalog.models import Purchase
from voc_portal.store.models import BillingCall, StorePurchase

pytestmark = pytest.mark.e2e
KEY_ID, SECRET = "k-e2e", "e" * 40


def test_billing_down_for_a_while_gets_exactly_one_confirmed_cancellation(
    e2e_redis, test_database_name, settings, client
):
    settings.VOC_STORE_API_KEYS = [f"{KEY_ID}:{SECRET}"]
    billing = FakeBilling(keys={KEY_ID: SECRET}, hang_seconds=2.0).start()
    settings.VOC_STORE_BILLING_URL = billing.url
    purchase = StorePurchase.objects.get(store_id=store_catalog_upsert()).purchase
    case = RefundRequestFactory(purchase=purchase, in_review=True)
    ops = OpsUserFactory()
    client.force_login(ops)
    billing.go_down()
    billing.script.extend(["5xx", "timeout"])

    response = client.post(reverse("admin:refunds_approve", args=[case.pk]), {"comment": ""})
    assert response.status_code == 302
    call = BillingCall.objects.get(refund=case)
    try:
        with celery_processes(
            database_name=test_database_name,
            redis_url=e2e_redis.url,
            beat=True,
            VOC_STORE_API_KEYS=f"{KEY_ID}:{SECRET}",
            VOC_STORE_BILLING_URL=billing.url,
            VOC_STORE_BILLING_READ_TIMEOUT="0.5",
            VOC_STORE_BILLING_RETRY_BASE_SECONDS="0.5",
            VOC_STORE_BILLING_RETRY_MAX_SECONDS="1",
            VOC_STORE_BILLING_REDRIVE_EVERY_SECONDS="1",
        ):
            assert wait_until(lambda: _refreshed(call).attempts >= 2, timeout=30)
            case.refresh_from_db()
            assert case.billing_state == BillingState.FAILING  # down: nothing reached billing
            assert billing.requests == []
            billing.come_up()
            assert wait_until(lambda: _refreshed(call).status == "confirmed", timeout=40)
            time.sleep(3)  # beat keeps re-driving: nothing is sent again
    finally:
        billing.stop()

    assert list(billing.cancellations) == [call.idempotency_key]
    assert [r["status"] for r in billing.requests] == [503, 200, 200]
    case.refresh_from_db()
    case.purchase.refresh_from_db()
    assert case.billing_state == BillingState.CONFIRMED
    assert case.purchase.state == Purchase.State.CANCELLED


def _refreshed(call: BillingCall) -> BillingCall:
    call.refresh_from_db()
    return call
