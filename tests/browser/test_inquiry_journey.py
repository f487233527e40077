"""The inquiry journey in a real browser: contact seller, inbox, reply, email, thread."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from inquiries.models import Inquiry, Message
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, PurchaseFactory
from voc_portal.mail.services import outbound_email_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    app = AppFactory(
        account=membership.account, title="Starlight Puzzle", package_name="com.starlight.puzzle"
    )
    customer = CustomerFactory(user__full_name="Minji Park")
    purchase = PurchaseFactory(
        customer=customer, app=app, item_name="Gem pack 500", tid="TID0000009876"
    )
    return membership, app, customer, purchase


def _logout(page):
    page.context.clear_cookies()


def test_customer_inquiry_reaches_developer_and_reply_reaches_customer_when_journey_runs(
    page, login, screenshot, cast
):
    membership, app, customer, purchase = cast

    # The customer finds "Contact seller" on the app page and writes to the developer.
    login(page, customer.user)
    page.goto(f"/apps/{app.package_name}/")
    page.get_by_role("link", name="Contact seller").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Starlight Puzzle")
    notice = page.get_by_text("store operations review your request")
    expect(notice).to_be_hidden()  # shown only for refund requests
    page.get_by_label("Category").select_option("refund")
    expect(notice).to_be_visible()
    page.get_by_label("Subject").fill("Charged twice for gems")
    page.get_by_label("Message").fill("I was charged twice for the 500 gem pack yesterday.")
    page.get_by_label("Purchase (optional)").select_option(str(purchase.pk))
    screenshot(page, "inquiry-contact-seller")
    page.get_by_role("button", name="Send inquiry").click()
    expect(page.get_by_text("Your inquiry was sent to the developer.")).to_be_visible()
    inquiry = Inquiry.objects.get()
    assert inquiry.purchase_id == purchase.pk

    # The developer finds it at the top of the inbox with the clock running, and opens it.
    _logout(page)
    login(page, membership.user)
    page.goto("/inquiries/")
    row = page.locator(f"tr[data-inquiry='{inquiry.pk}']")
    expect(row).to_contain_text("Charged twice for gems")
    expect(row).to_contain_text("2 days 23 h left")
    page.get_by_role("search").get_by_label("Search").fill("gem pack")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr[data-inquiry]")).to_have_count(1)
    screenshot(page, "inquiry-inbox")
    row.get_by_role("link", name="Charged twice for gems").click()
    expect(page.get_by_text(purchase.tid)).to_have_count(0)
    expect(page.get_by_text("••••9876").first).to_be_visible()
    page.get_by_label("Reply to the customer").fill(
        "Sorry about that! We refunded the second charge today."
    )
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply was sent to the customer.")).to_be_visible()
    expect(page.locator(".msg-developer")).to_contain_text("We refunded the second charge")
    screenshot(page, "inquiry-thread-developer")

    # The reply email leaves the outbox and holds the reply text and the thread link.
    reply = Message.objects.get(author_kind="developer")
    mail.outbox = []
    outbound_email_send(email_id=reply.email_id)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [customer.user.email]
    assert "We refunded the second charge today." in email.body
    assert f"/my/inquiries/{inquiry.pk}/" in email.body

    # The customer reads the answer in their thread.
    _logout(page)
    login(page, customer.user)
    page.goto("/my/inquiries/")
    page.get_by_role("link", name="Charged twice for gems").click()
    expect(page.locator(".thread")).to_contain_text("We refunded the second charge today.")
    expect(page.get_by_text("Answered").first).to_be_visible()
    screenshot(page, "inquiry-thread-customer")
    assert page.js_errors == []
