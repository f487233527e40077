"""A reply box that never loses work: templates go in at the cursor without a reload, drafts
survive a reload, the note box is its own box, "Send and close" closes, the email can be
previewed, text over the limit is counted (never cut), the review console's forms stay folded."""

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry, Message, Status
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, PurchaseFactory
from tests.factories.inquiries import ReplyTemplateFactory
from tests.factories.refunds import awaiting_inquiry
from tests.factories.reviews import ReviewFactory, ReviewReplyTemplateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    app = AppFactory(account=membership.account, title="Starlight Puzzle")
    customer = CustomerFactory(user__full_name="Minji Park")
    purchase = PurchaseFactory(customer=customer, app=app)
    inquiry = awaiting_inquiry(app=app, customer=customer, purchase=purchase, subject="Gems gone")
    Message.objects.create(inquiry=inquiry, author_kind="customer", body="My gems are gone.")
    ReplyTemplateFactory(account=membership.account, name="Thanks", body="Thanks, {customer_name}!")
    return membership, app, customer, inquiry


def _value(page, selector):
    return page.eval_on_selector(selector, "el => el.value")


def test_template_is_inserted_at_the_cursor_without_a_reload_when_chosen(page, login, desk):
    membership, _app, customer, inquiry = desk
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    page.evaluate("window.__stayed = true")  # gone if the page reloads
    box = page.locator("#id_reply_body")
    box.fill("Hello\n\nBest regards")
    box.evaluate("el => el.setSelectionRange(7, 7)")  # after "Hello\n\n"
    page.get_by_label("Reply template").select_option(label="Thanks")
    assert _value(page, "#id_reply_body") == f"Hello\n\nThanks, {customer.public_name}!Best regards"
    assert page.evaluate("window.__stayed === true")
    assert "template=" not in page.url
    assert page.js_errors == []


def test_draft_survives_a_reload_and_the_note_box_is_its_own_when_typed(page, login, desk):
    membership, _app, _customer, inquiry = desk
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    page.locator("#id_reply_body").fill("Half-written answer")
    page.reload()
    assert _value(page, "#id_reply_body") == "Half-written answer"
    expect(page.get_by_text("Draft restored from this browser.")).to_be_visible()

    # Clicking the note's label focuses the note box, never the customer reply.
    page.locator("label[for=id_note_body]").click()
    assert page.evaluate("document.activeElement.id") == "id_note_body"
    page.keyboard.type("Customer is on iOS 17")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Internal note saved.")).to_be_visible()
    note = Message.objects.get(inquiry=inquiry, is_internal=True)
    assert note.body == "Customer is on iOS 17"
    assert not Message.objects.filter(inquiry=inquiry, author_kind="developer", is_internal=False)
    # The reply draft is still there after the note was saved.
    assert _value(page, "#id_reply_body") == "Half-written answer"


def test_send_and_close_sends_closes_and_drops_the_draft_when_clicked(page, login, desk):
    membership, _app, _customer, inquiry = desk
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    page.locator("#id_reply_body").fill("All fixed in 1.2.")
    page.get_by_role("button", name="Send and close").click()
    expect(page.get_by_text("Inquiry closed.")).to_be_visible()
    assert Inquiry.objects.get(pk=inquiry.pk).status == Status.CLOSED
    assert page.evaluate(f"localStorage.getItem('voc-draft:inquiry-{inquiry.pk}-reply')") is None
    page.get_by_role("button", name="Reopen").click()
    assert _value(page, "#id_reply_body") == ""


def test_review_template_is_inserted_without_overwriting_when_chosen(page, login, desk):
    membership, app, customer, _inquiry = desk
    review = ReviewFactory(app=app, customer=customer, body="Nice puzzles")
    ReviewReplyTemplateFactory(account=membership.account, name="Thank", body="Thank you {app}!")
    login(page, membership.user)
    page.goto("/reviews/")
    card = page.locator(f"#review-{review.pk}")
    card.get_by_text("Write an official reply").click()  # reply forms are collapsed until opened
    box = card.get_by_label("Official reply (public)")
    box.fill("Hi. ")
    card.get_by_label("Insert a template").select_option(label="Thank")
    assert box.input_value() == "Hi. Thank you Starlight Puzzle!"
    assert page.js_errors == []


def test_email_preview_shows_the_customer_mail_and_keeps_the_draft_when_clicked(page, login, desk):
    membership, _app, _customer, inquiry = desk
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    page.locator("#id_reply_body").fill("Your gems are back: check the inbox <b>now</b>.")
    page.get_by_role("button", name="Preview email").click()
    frame = page.frame_locator("#email-preview")
    expect(frame.locator("body")).to_contain_text("Your gems are back: check the inbox <b>now</b>.")
    expect(frame.locator("body")).to_contain_text("Subject:")
    assert len(page.context.pages) == 1  # in the frame, not a new tab
    assert not Message.objects.filter(inquiry=inquiry, author_kind="developer").exists()
    stored = page.evaluate(f"localStorage.getItem('voc-draft:inquiry-{inquiry.pk}-reply')")
    assert stored == "Your gems are back: check the inbox <b>now</b>."
    assert page.js_errors == []


def test_text_over_the_limit_is_kept_and_counted_when_pasted(page, login, desk):
    membership, _app, _customer, inquiry = desk
    login(page, membership.user)
    page.goto(f"/inquiries/{inquiry.pk}/")
    box = page.locator("#id_reply_body")
    limit = int(box.get_attribute("data-maxlength"))
    box.fill("x" * (limit + 100))
    assert len(box.input_value()) == limit + 100  # the browser did not cut it silently
    expect(page.get_by_text("100 too many: please shorten it")).to_be_visible()
    page.get_by_role("button", name="Send reply").click()
    expect(
        page.get_by_role("alert").first
    ).to_be_visible()  # the server refuses with the same limit
    assert len(page.locator("#id_reply_body").input_value()) == limit + 100


def test_review_console_stays_short_and_a_draft_opens_its_form_when_reloaded(page, login, desk):
    membership, app, _customer, _inquiry = desk
    reviews = [ReviewFactory(app=app, body=f"Review {n}") for n in range(12)]
    login(page, membership.user)
    page.goto("/reviews/")
    expect(page.locator("details.reply-details[open]")).to_have_count(0)
    assert page.evaluate("document.scrollingElement.scrollHeight") < 4000
    card = page.locator(f"#review-{reviews[0].pk}")
    card.get_by_text("Write an official reply").click()
    card.get_by_label("Official reply (public)").fill("Thanks for")
    page.reload()
    expect(page.locator("details.reply-details[open]")).to_have_count(1)
    expect(card.get_by_label("Official reply (public)")).to_have_value("Thanks for")
