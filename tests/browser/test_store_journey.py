"""The store journey in a real browser, with the store's real peers (issue 18's Done-when): the
store's servers send a purchase by payment notification over the signed Store API; the developer
adds a webhook endpoint in Settings > Webhooks; the customer signs in through the store's OpenID
Connect provider (node-oidc-provider), contacts the seller; the developer gets a webhook (a real
receiver verifying it with the standardwebhooks library), answers and asks ops for a refund; ops
approve; the store's billing (a real HTTP server) is called once and confirms; the customer sees
the outcome in their thread.

The billing call's and the webhook's attempts are run here in the test's process (what the
worker's tasks run, `billing_call_send_and_reschedule`, `delivery_send_and_reschedule`);
tests/e2e/test_billing_delivery.py runs the billing call in a real worker.
"""

import hashlib
import hmac
import json
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.factories import OpsUserFactory
from tests.factories.accounts import PASSWORD
from tests.support.billing_server import FakeBilling
from tests.support.oidc_provider import OIDCProvider
from tests.support.webhook_receiver import WebhookReceiver
from voc_portal.accounts.models import Membership, User
from voc_portal.catalog.models import Purchase
from voc_portal.store.models import BillingCall
from voc_portal.store.services.billing import billing_call_send_and_reschedule
from voc_portal.webhooks.models import Delivery
from voc_portal.webhooks.services import delivery_send_and_reschedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY_ID, SECRET = "k-journey", "j" * 40


def _store_call(base_url, method, path, body: dict):
    """A signed Store API request, as docs/store-integration.md tells the store to sign."""
    data = json.dumps(body).encode()
    ts = str(int(time.time()))
    message = "\n".join([method, path, ts, hashlib.sha256(data).hexdigest(), ""]).encode()
    headers = {
        "X-Store-Key": KEY_ID,
        "X-Store-Timestamp": ts,
        "X-Store-Signature": hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest(),
        "Content-Type": "application/json",
    }
    response = requests.request(method, base_url + path, data=data, headers=headers, timeout=30)
    assert response.status_code < 300, response.text
    return response.json()


def _notification(**fields):
    message = "\n".join(
        str(fields.get(k, ""))
        for k in ("purchase_id", "state", "event_time", "amount", "tid", "txid", "receipt_number")
    )
    signature = hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).hexdigest()
    return {**fields, "signature": signature}


def _store_sends_a_purchase(base: str) -> None:
    api = "/store-api/v1"
    _store_call(base, "PUT", f"{api}/developers/dev-1/", {
        "name": "Nori Games", "notification_emails": ["dev@nori.example"],
    })  # fmt: skip
    _store_call(base, "PUT", f"{api}/apps/app-1/", {
        "developer_id": "dev-1", "package_name": "com.nori.puzzle",
        "titles": {"ko": "노리 퍼즐", "en": "Nori Puzzle"}, "price": 3300, "is_free": False,
    })  # fmt: skip
    _store_call(base, "PUT", f"{api}/customers/cus-1/", {
        "customer_number": "C-1001", "email": "minji@example.com", "language": "en",
        "name": "Minji Park",
    })  # fmt: skip
    # Billing's notification comes first; the purchase record after it.
    paid = _notification(
        purchase_id="pur-1", state="COMPLETED", event_time="2026-11-01T09:00:00Z",
        amount=3300, tid="TID-J-1", txid="TXID-J-1", receipt_number="RCPT-J-1",
    )  # fmt: skip
    assert _store_call(base, "POST", f"{api}/payment-notifications/", paid)["outcome"] == "pending"
    _store_call(base, "PUT", f"{api}/purchases/pur-1/", {
        "customer_id": "cus-1", "app_id": "app-1", "item_name": "Nori Puzzle",
        "purchased_at": "2026-11-01T09:00:00Z", "amount": 3300, "tid": "TID-J-1",
        "txid": "TXID-J-1", "receipt_number": "RCPT-J-1",
    })  # fmt: skip


def test_store_purchase_to_billing_confirmed_cancellation_when_journey_runs(
    browser, live_server, page, login, screenshot, settings
):
    settings.VOC_STORE_API_KEYS = [f"{KEY_ID}:{SECRET}"]
    settings.VOC_CUSTOMER_PASSWORDS = False
    billing = FakeBilling(keys={KEY_ID: SECRET}).start()
    settings.VOC_STORE_BILLING_URL = billing.url
    receiver = WebhookReceiver().start()
    provider = OIDCProvider(
        client_id="voc-portal", client_secret="journey-client-secret-0123456789",
        redirect_uri=f"{live_server.url}/oidc/callback/", accounts={"C-1001": {"email": "m@x"}},
    ).start()  # fmt: skip
    try:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        _journey(browser, live_server, page, login, screenshot, billing, receiver)
    finally:
        provider.stop()
        billing.stop()
        receiver.stop()


def _developer_adds_a_webhook(staff, receiver, screenshot) -> None:
    """Settings > Webhooks: an endpoint for new inquiries; the secret is shown once."""
    staff.goto("/settings/")
    staff.get_by_role("link", name="Manage webhooks").click()
    staff.get_by_label("Endpoint URL").fill(receiver.url)
    staff.get_by_label("New inquiry").check()
    staff.get_by_role("button", name="Add endpoint").click()
    secret = staff.get_by_test_id("webhook-secret").inner_text().strip()
    assert secret.startswith("whsec_")
    receiver.secret = secret
    screenshot(staff, "store-journey-developer-webhook-added")


def _journey(browser, live_server, page, login, screenshot, billing, receiver):
    _store_sends_a_purchase(live_server.url)
    purchase = Purchase.objects.get(store_link__store_id="pur-1")
    assert purchase.state == Purchase.State.COMPLETED

    # The developer (the store's notification address) wants new inquiries as webhooks.
    developer = User.objects.get(email="dev@nori.example")
    developer.set_password(PASSWORD)
    developer.save()
    # The store's sync makes its notification addresses agents; webhooks are an owner's
    # setting, so ops made this one the account's owner.
    Membership.objects.filter(user=developer).update(role=Membership.Role.OWNER)
    desk = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    desk.set_default_timeout(10_000)
    staff = desk.new_page()
    login(staff, developer)
    _developer_adds_a_webhook(staff, receiver, screenshot)

    # The customer signs in with their store account, at the store's provider.
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with your store account").click()
    page.locator("input[name=login]").fill("C-1001")
    page.locator("input[name=password]").fill("store password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the provider's consent screen
    page.wait_for_url(f"{live_server.url}/**")

    # ... and contacts the seller about the purchase.
    page.goto("/apps/com.nori.puzzle/")
    page.get_by_role("link", name="Contact seller").click()
    page.get_by_label("Category").select_option("refund")
    page.get_by_label("Subject").fill("Charged twice")
    page.get_by_label("Message").fill("I was charged twice for the puzzle.")
    page.get_by_label("Purchase (optional)").select_option(str(purchase.pk))
    page.get_by_role("button", name="Send inquiry").click()
    expect(page.get_by_text("Your inquiry was sent to the developer.")).to_be_visible()
    inquiry = purchase.inquiries.get()

    # The developer gets a webhook: inquiry.created, signed, verified by the receiver.
    delivery = Delivery.objects.get(event_type="inquiry.created")
    assert delivery_send_and_reschedule(delivery_id=delivery.pk).status == "delivered"
    [message] = receiver.messages
    assert message["json"]["type"] == "inquiry.created"
    assert message["json"]["data"]["id"] == inquiry.pk
    assert "minji@example.com" not in message["body"].decode()

    # The developer answers and asks ops for the refund.
    staff.goto(f"/inquiries/{inquiry.pk}/")
    staff.get_by_label("Reply to the customer").fill("Sorry! We asked the store to refund it.")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("Your reply was sent to the customer.")).to_be_visible()
    staff.get_by_role("link", name="Request refund").click()
    staff.get_by_label("X — no consent").check()
    staff.get_by_label("Message to store operations").fill("Charged twice, please cancel.")
    staff.get_by_role("button", name="Send request").click()
    expect(staff.get_by_text("Your refund request was sent to store operations.")).to_be_visible()
    case = purchase.refund_requests.get()
    staff.context.clear_cookies()

    # Ops approve in admin; billing is asked, the purchase waits for it.
    login(staff, OpsUserFactory())
    staff.goto(f"/admin/refunds/refundrequest/{case.pk}/change/")
    staff.get_by_role("button", name="Start review").click()
    staff.get_by_role("button", name="Approve and cancel the purchase").click()
    expect(staff.get_by_text("Approved; billing is asked to cancel the payment.")).to_be_visible()
    expect(staff.locator("#billing-status")).to_contain_text("Billing: pending since")

    # Billing answers 503 once, then cancels: one cancellation, confirmed.
    call = BillingCall.objects.get(refund=case)
    billing.script.append("5xx")
    assert billing_call_send_and_reschedule(call_id=call.pk).status == "pending"
    BillingCall.objects.filter(pk=call.pk).update(next_attempt_at=call.created_at)
    assert billing_call_send_and_reschedule(call_id=call.pk).status == "confirmed"
    assert list(billing.cancellations) == [call.idempotency_key]
    staff.reload()
    expect(staff.locator("#billing-status")).to_contain_text("Billing: confirmed at")
    expect(staff.locator("#purchase-state")).to_contain_text("Cancelled")
    screenshot(staff, "store-journey-admin-billing-confirmed")
    desk.close()

    # The customer sees the outcome in their thread.
    page.goto(f"/my/inquiries/{inquiry.pk}/")
    thread = page.locator(".thread")
    expect(thread).to_contain_text("Sorry! We asked the store to refund it.")
    expect(thread).to_contain_text("Store operations approved the cancellation of Nori Puzzle.")
    screenshot(page, "store-journey-customer-outcome")
