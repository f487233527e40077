"""A team inbox, end to end: an owner invites a member by email, the member signs up through
the link, gets the next inquiry by round-robin, and when the owner opens the same thread they
see the member there, and their reply from the now-stale page is held with who replied."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inquiries import services
from inquiries.models import Category
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, UserFactory
from voc_portal.accounts.models import Membership
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.browser


def test_invited_member_gets_round_robin_work_and_owner_is_warned_of_a_collision(
    page, browser, live_server, login, screenshot
):
    owner = MembershipFactory(user=UserFactory(full_name="Olivia Owner"))
    account = owner.account
    account.round_robin = True
    account.save(update_fields=["round_robin"])
    app = AppFactory(account=account, title="Starlight Puzzle")

    login(page, owner.user)
    page.goto("/settings/members/")
    page.get_by_label("Email address").fill("mina@studio.example")
    page.locator("#id_role").select_option("agent")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("[data-invitation]")).to_contain_text("mina@studio.example")

    body = OutboundEmail.objects.get(kind="invitation").body_text
    link = re.search(r"/invitations/\S+/", body).group(0)
    member_context = browser.new_context(base_url=live_server.url, locale="en-US")
    member = member_context.new_page()
    member.goto(link)
    member.get_by_label("Your name").fill("Mina Park")
    member.get_by_label("Password").fill("a long pass phrase 42")
    member.get_by_role("button", name="Sign up and join").click()
    expect(member.get_by_text("Welcome to")).to_be_visible()

    # The owner had the last turn: the next inquiry goes to the newcomer.
    Membership.objects.filter(pk=owner.pk).update(last_assigned_at=timezone.now())
    inquiry = services.inquiry_create(
        customer=CustomerFactory(),
        app=app,
        category=Category.ERROR,
        subject="Charged twice for gems",
        body="I was charged twice.",
    )
    member.goto("/inquiries/")
    member.locator("[data-assigned-tab=mine]").click()
    row = member.locator(f"tr[data-inquiry='{inquiry.pk}']")
    expect(row).to_be_visible()
    row.get_by_role("link", name="Charged twice for gems").click()
    expect(member.locator("[data-assignee]")).to_have_text("Mina Park")

    page.goto(f"/inquiries/{inquiry.pk}/")
    expect(page.locator("[data-presence]")).to_contain_text("Mina Park is viewing")
    screenshot(page, "team-presence")

    member.get_by_label("Reply to the customer").fill("Refunded the second charge.")
    member.get_by_role("button", name="Send reply").click()
    expect(member.get_by_text("Your reply was sent to the customer.")).to_be_visible()

    page.get_by_label("Reply to the customer").fill("Looking into it.")
    page.get_by_role("button", name="Send reply").click()
    held = page.locator("[data-reply-held]")
    expect(held).to_contain_text("Mina Park replied")
    expect(held.get_by_role("button", name="Send anyway")).to_be_visible()
    expect(held.get_by_role("link", name="Review")).to_be_visible()
    screenshot(page, "team-collision-held")
    member_context.close()
