"""A developer creates an API token in Settings, reads the API docs (Swagger UI served by the
app under our CSP) and uses the token from the docs page's origin."""

import pytest
from playwright.sync_api import expect

from tests.factories import AppFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dev_member(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games")
    AppFactory(account=membership.account, title="Starlight Puzzle")
    return membership


def test_token_is_created_shown_once_and_works_when_made_in_settings(page, login, dev_member):
    login(page, dev_member.user)
    page.goto("/settings/")
    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_label("Name").fill("My phone")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_test_id("token-secret").inner_text().strip()
    assert secret.startswith("voc_")
    answer = page.request.get("/api/v1/apps/", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert [a["title"] for a in answer.json()] == ["Starlight Puzzle"]
    # Shown once: a reload of the page lists the token by its prefix only.
    page.goto("/settings/tokens/")
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.get_by_role("cell", name="My phone")).to_be_visible()
    assert page.js_errors == []


def test_api_docs_render_without_csp_violations_when_opened(page, screenshot):
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))

    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("/api/v1/inquiries/", exact=True).first).to_be_visible()
    screenshot(page, "api-docs")
    violations = [m for m in console if "Content Security Policy" in m]
    assert violations == []
    assert page.js_errors == []
