"""The 3-day rule in a real browser: deadline passes → sweep escalates → ops approve in admin →
the purchase is cancelled and the customer's email says so."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from inquiries import services as inquiry_services
from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Category, Inquiry, Message
from refunds.models import RefundRequest, State
from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    OpsUserFactory,
    PurchaseFactory,
)
from voc_portal.catalog.models import Purchase
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overdue_inquiry_is_escalated_and_ops_approve_the_refund_when_journey_runs(
    page, login, screenshot
):
    membership = MembershipFactory(account__name="Starlight Games")
    app = AppFactory(account=membership.account, title="Starlight Puzzle")
    customer = CustomerFactory(user__full_name="Minji Park")
    purchase = PurchaseFactory(customer=customer, app=app, item_name="Gem pack 500", amount=5500)
    inquiry = inquiry_services.inquiry_create(
        customer=customer,
        app=app,
        category=Category.REFUND,
        subject="Charged twice",
        body="I was charged twice for the gem pack.",
        purchase=purchase,
    )
    # Nobody answers: the deadline passes.
    past = timezone.now() - timedelta(hours=73)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        awaiting_since=past, due_at=past + timedelta(hours=72)
    )

    assert inquiry_escalation_sweep() == 1
    case = RefundRequest.objects.get(inquiry=inquiry)

    # The developer sees the escalation in the thread and the case in their refund list.
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    expect(page.get_by_text("Escalated to store operations at")).to_be_visible()
    page.goto("/refunds/")
    expect(page.get_by_role("link", name=str(case.pk))).to_be_visible()
    page.context.clear_cookies()

    # Ops open the queue in admin, take the case and approve it.
    ops = OpsUserFactory(full_name="Ops Kim")
    login(page, ops)
    page.goto("/admin/refunds/refundrequest/")
    page.get_by_role("link", name=str(case.pk), exact=True).click()
    expect(page.get_by_text("I was charged twice for the gem pack.")).to_be_visible()
    page.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_text("Assigned to you.")).to_be_visible()
    page.get_by_label("Comment (optional)").fill("Duplicate charge confirmed.")
    screenshot(page, "escalation-admin-case")
    page.get_by_role("button", name="Approve and cancel the purchase").click()
    expect(page.get_by_text("Approved; the purchase is cancelled.")).to_be_visible()
    expect(page.locator("#purchase-state")).to_contain_text("Cancelled")

    case.refresh_from_db()
    purchase.refresh_from_db()
    assert case.state == State.APPROVED
    assert purchase.state == Purchase.State.CANCELLED
    # The escalation and, since the outcome reaches the thread, the approval.
    system = Message.objects.filter(inquiry=inquiry, author_kind="system").order_by("id")
    assert list(system.values_list("code", flat=True)) == ["escalated", "refund_approved"]

    # The customer's email says the purchase was cancelled.
    email = OutboundEmail.objects.get(kind="refund_approved")
    mail.outbox = []
    outbound_email_send(email_id=email.pk)
    (sent,) = mail.outbox
    assert sent.to == [customer.user.email]
    assert "cancelled" in sent.subject
    assert "Gem pack 500" in sent.body and "₩5,500" in sent.body


def test_contact_us_form_enables_identifiers_only_with_consent_o_and_customer_consents_by_link(
    page, login, screenshot
):
    membership = MembershipFactory(account__name="Starlight Games")
    app = AppFactory(account=membership.account, title="Starlight Chess")
    customer = CustomerFactory()
    purchase = PurchaseFactory(customer=customer, app=app, item_name="Chess Pro")

    login(page, membership.user)
    page.goto("/refunds/new/")
    tid = page.locator("#id_tid")
    page.get_by_label("X — no consent").check()
    expect(tid).to_be_disabled()
    page.get_by_label("O — the customer consents").check()
    expect(tid).to_be_enabled()
    page.get_by_label("X — no consent").check()
    expect(tid).to_be_disabled()
    page.get_by_label("Customer number").fill(customer.customer_number)
    local = timezone.localtime(purchase.purchased_at)
    page.get_by_label("Purchase date and time").fill(local.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Purchased item").fill("Chess Pro")
    page.get_by_label("Message to store operations").fill("Charged twice.")
    screenshot(page, "refund-contact-us")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your refund request was sent to store operations.")).to_be_visible()
    expect(page.get_by_text(purchase.tid)).to_have_count(0)  # masked without consent
    assert page.js_errors == []

    page.get_by_role("button", name="Ask the customer for consent").click()
    expect(page.get_by_text("We emailed the customer a link")).to_be_visible()
    body = OutboundEmail.objects.get(kind="consent_request").body_text
    link = next(w for w in body.split() if "/refunds/consent/" in w)
    page.context.clear_cookies()
    page.goto(urlsplit(link).path)
    expect(page).to_have_url(re.compile(r"/login/"))  # the customer signs in first
    login(page, customer.user)
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("Chess Pro")).to_be_visible()  # what will be shared, masked
    expect(page.get_by_text(f"••••{purchase.tid[-4:]}").first).to_be_visible()
    expect(page.get_by_text(purchase.tid)).to_have_count(0)
    page.get_by_role("button", name="O — I consent").click()
    expect(page.get_by_text("Your consent was recorded.")).to_be_visible()

    page.context.clear_cookies()
    login(page, membership.user)
    page.goto(f"/refunds/{RefundRequest.objects.get().pk}/")
    expect(page.get_by_text(purchase.tid)).to_be_visible()
