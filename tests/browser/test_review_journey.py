import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews import services
from reviews.models import OfficialReply
from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    PurchaseFactory,
)
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    app = AppFactory(
        account=membership.account,
        title="Starlight Puzzle",
        package_name="com.starlight.puzzle",
        description="Match the stars before the night ends.",
    )
    customer = CustomerFactory(user__full_name="Minji Park", user__email="minji@example.com")
    PurchaseFactory(customer=customer, app=app)
    # A few earlier reviews so the figures and the distribution have something to show.
    for rating, body in [(5, "최고의 퍼즐 게임!"), (3, "Fun, but too many ads."), (4, "Relaxing.")]:
        other = CustomerFactory()
        PurchaseFactory(customer=other, app=app)
        services.review_create(customer=other, app=app, rating=rating, body=body)
    return membership, app, customer


def _open_reply(card) -> None:
    """Reply forms are collapsed in the console until opened (a restored draft opens its own)."""
    if card.locator("details.reply-details").get_attribute("open") is None:
        card.locator("details.reply-details > summary").click()


def test_customer_review_gets_official_reply_seen_by_visitor_and_emailed_when_developer_replies(
    browser, live_server, page, login, screenshot, shop
):
    membership, app, customer = shop

    # 1. The customer reviews the app from its public page.
    login(page, customer.user)
    page.goto(f"/apps/{app.package_name}/")
    page.get_by_role("radio", name="4 stars", exact=True).check()  # a labelled radio group
    text = "Great puzzles, but level 12 <b>crashes</b> on my phone."
    page.get_by_label("Your review").fill(text)
    expect(page.get_by_text(f"{len(text)} / 2000 characters")).to_be_visible()  # live counter
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("Thank you, your review is published.")).to_be_visible()
    assert page.js_errors == []

    # 2. The developer replies in the review console.
    dev = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    dev_page = dev.new_page()
    dev_page.on("pageerror", lambda exc: pytest.fail(str(exc)))
    login(dev_page, membership.user)
    dev_page.goto("/reviews/?state=unreplied")
    card = dev_page.locator("li.review", has_text="level 12")
    expect(card).to_be_visible()
    _open_reply(card)
    reply_box = card.get_by_label("Official reply (public)")
    reply_box.fill("Call me on 010-1234-5678")
    card.get_by_role("button", name="Publish reply").click()
    # The privacy guard refuses and names the phone number.
    expect(dev_page.get_by_text("a phone number: “010-1234-5678”", exact=False)).to_be_visible()
    assert not OfficialReply.objects.exists()
    dev_page.goto("/reviews/?state=unreplied")
    card = dev_page.locator("li.review", has_text="level 12")
    answer = "Thank you! Version 2.1 fixes the crash on level 12."
    _open_reply(card)
    card.get_by_label("Official reply (public)").fill(answer)
    expect(card.get_by_text(f"{len(answer)} / 1000 characters")).to_be_visible()
    card.get_by_role("button", name="Publish reply").click()
    expect(dev_page.get_by_text("Your official reply is published.")).to_be_visible()
    dev_page.goto("/reviews/")
    screenshot(dev_page, "reviews-console")
    dev.close()

    # 3. A visitor who is not signed in sees the official reply under the review.
    visitor = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    visitor_page = visitor.new_page()
    visitor_page.goto(f"/apps/{app.package_name}/")
    review = visitor_page.locator("li.review", has_text="level 12")
    expect(review.get_by_text("<b>crashes</b>", exact=False)).to_be_visible()  # shown as text
    reply = review.locator("[data-official-reply]")
    expect(reply).to_contain_text("Official response")
    expect(reply).to_contain_text("Starlight Games")
    expect(reply).to_contain_text("Version 2.1 fixes the crash")
    expect(visitor_page.get_by_role("link", name="Sign in to review")).to_be_visible()
    expect(visitor_page.locator("#rating-summary")).to_contain_text("4 reviews")
    screenshot(visitor_page, "app-page-visitor")
    visitor.close()

    # 4. The customer has the email.
    queued = OutboundEmail.objects.get(kind="review_reply")
    # Edits are coalesced: the email waits for a quiet period; let it pass.
    OutboundEmail.objects.filter(pk=queued.pk).update(next_attempt_at=queued.created_at)
    outbound_email_send(email_id=queued.pk)
    sent = [m for m in mail.outbox if customer.user.email in m.to]
    assert len(sent) == 1
    assert "Starlight Puzzle" in sent[0].subject
    assert "Version 2.1 fixes the crash" in sent[0].body
