"""Ops land on their queue (urgent first, fits a phone); a new token has a copy button; every
page has the favicon; long fields count characters as you type."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from refunds.models import RefundRequest
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, OpsUserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import PurchaseFactory
from tests.factories.refunds import RefundRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser, live_server, user, language, size):
    type(user).objects.filter(pk=user.pk).update(language=language)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": size[0], "height": size[1]}
    )
    page = context.new_page()
    page.goto("/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("input[type=password]").press("Enter")
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.fixture
def queue(transactional_db):
    app = AppFactory(title="Starlight Puzzle")
    old = RefundRequestFactory(purchase=PurchaseFactory(app=app, item_name="Gem pack 500"))
    RefundRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2, hours=12)
    )
    RefundRequestFactory(purchase=PurchaseFactory(app=app, item_name="Starter bundle"))
    RefundRequestFactory(purchase=PurchaseFactory(app=app), approved=True)
    return OpsUserFactory(full_name="Ops Kim"), old


@pytest.mark.parametrize("language", ["en", "ko"])
def test_ops_land_on_the_open_queue_with_urgent_cases_marked_when_signing_in(
    browser, live_server, screenshot, queue, language
):
    ops, old = queue
    for size_name, size in {"phone": (390, 844), "desktop": (1366, 900)}.items():
        context, page = _sign_in(browser, live_server, ops, language, size)
        assert page.url.endswith("/admin/refunds/refundrequest/")
        rows = page.locator("#result_list tbody tr")
        expect(rows).to_have_count(2)  # the approved case is not in the default view
        expect(rows.first.locator(".ops-case.urgent")).to_have_count(1)
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        if size_name == "desktop":
            assert scroll <= inner, f"the queue is {scroll} px wide at {inner} px"
        screenshot(page, f"ops-queue-{size_name}-{language}")
        page.goto("/admin/")
        screenshot(page, f"ops-admin-index-{size_name}-{language}")
        page.goto(f"/admin/refunds/refundrequest/{old.pk}/change/")
        screenshot(page, f"ops-case-{size_name}-{language}")
        context.close()


def test_new_token_is_copied_to_the_clipboard_when_copy_is_clicked(
    browser, live_server, screenshot
):
    membership = MembershipFactory()
    context, page = _sign_in(browser, live_server, membership.user, "en", (1366, 900))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto("/settings/tokens/")
    page.get_by_label("Name").fill("CI")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("token-secret").inner_text().strip()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    screenshot(page, "api-token-copy-desktop-en")
    context.close()


def test_favicon_is_served_and_long_fields_count_characters_when_typing(browser, live_server):
    app = AppFactory(title="Starlight Puzzle", package_name="com.s.p")
    customer = CustomerFactory()
    PurchaseFactory(customer=customer, app=app)
    context, page = _sign_in(browser, live_server, customer.user, "en", (390, 844))
    page.goto("/apps/com.s.p/contact/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    answer = page.request.get(icon)
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg")
    page.get_by_label("Message").fill("x" * 120)
    expect(page.get_by_text("120 / 5000 characters")).to_be_visible()
    context.close()
