import pytest
from playwright.sync_api import expect

from tests.factories import AppFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dev_member(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    AppFactory(account=membership.account, title="Starlight Puzzle")
    MembershipFactory(user=membership.user, account__name="Moonlit Studio")
    return membership


def test_developer_lands_on_inbox_with_navigation_when_signing_in(
    page, login, screenshot, dev_member
):
    login(page, dev_member.user)

    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Inquiries")).to_be_visible()
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()
    # The inbox (or the developer home while the inbox page does not exist) has a heading.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Two developer accounts: the switcher is there and names both.
    switcher = page.get_by_label("Developer account")
    expect(switcher).to_be_visible()
    expect(switcher.locator("option")).to_have_count(2)
    screenshot(page, "developer-home")
    assert page.js_errors == []


def test_developer_switches_account_when_choosing_another_in_header(page, login, dev_member):
    login(page, dev_member.user)
    page.get_by_label("Developer account").select_option(label="Starlight Games")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Developer account")).to_have_value(str(dev_member.account_id))
    expect(page.get_by_text("Now working in Starlight Games")).to_be_visible()


def test_nav_collapses_behind_menu_button_when_viewed_on_a_phone(
    page, login, screenshot, dev_member
):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, dev_member.user)
    nav_link = page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Settings"
    )
    expect(nav_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(nav_link).to_be_visible()
    screenshot(page, "developer-home-phone-menu")


def test_language_switch_shows_korean_when_chosen(page, login, screenshot, dev_member):
    login(page, dev_member.user)
    page.get_by_label("Language").select_option("ko")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    nav = page.get_by_role("navigation", name="주 메뉴")
    expect(nav.get_by_role("link", name="문의", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="설정")).to_be_visible()
    screenshot(page, "developer-home-korean")


def test_customer_sees_customer_navigation_when_signing_in(page, login, screenshot):
    from tests.factories import CustomerFactory

    customer = CustomerFactory(user__full_name="Alex Morgan")
    login(page, customer.user)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="My inquiries")).to_be_visible()
    expect(nav.get_by_role("link", name="Inquiries", exact=True)).to_have_count(0)
    expect(page.get_by_label("Developer account")).to_have_count(0)
    screenshot(page, "customer-home")


def test_sign_in_form_shows_error_when_password_is_wrong(page, screenshot, dev_member):
    page.goto("/login/")
    page.get_by_label("Email address").fill(dev_member.user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct email address and password")
    screenshot(page, "sign-in-error")


def test_member_turns_off_inquiry_emails_when_unticking_in_settings(
    page, login, screenshot, dev_member
):
    login(page, dev_member.user)
    page.goto("/settings/")
    page.get_by_label("Starlight Games", exact=True).uncheck()
    page.get_by_role("button", name="Save notifications").click()
    expect(page.get_by_text("Your email notification settings were saved.")).to_be_visible()
    expect(page.get_by_label("Starlight Games", exact=True)).not_to_be_checked()
    screenshot(page, "settings")
    dev_member.refresh_from_db()
    assert dev_member.notify_inquiries is False
