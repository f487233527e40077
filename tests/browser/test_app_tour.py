"""Every screen of the Developer Center app on a phone (390x844, touch), in Korean and English:
a screenshot each into the gallery (artifacts/screenshots/app-phone-<lang>/), axe-core on each
(no serious or critical violation), nothing wider than the screen, no script error."""

import pytest

from inquiries.models import ReplyTemplate
from refunds import services as refund_services
from reviews import services as review_services
from tests.browser.conftest import ARTIFACTS, axe_install, axe_violations, gallery_index_write
from tests.browser.test_app_journey import PHONE, app_world, fresh_sign_in_budget
from tests.factories import CustomerFactory, OpsUserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"ko": "ko-KR", "en": "en-US"}
SIGN_IN = {
    "ko": ("이메일 주소", "비밀번호", "로그인"),
    "en": ("Email address", "Password", "Sign in"),
}


def _world():
    membership, inquiry = app_world()
    awaiting_inquiry(app=inquiry.app, customer=CustomerFactory(), subject="Level 12 does not load")
    ReplyTemplate.objects.create(
        account=membership.account, name="Refund", body="Hello {customer_name}, we refund it."
    )
    review_services.review_create(
        customer=inquiry.customer, app=inquiry.app, rating=2, body="Crashes a lot."
    )
    refund = RefundRequestFactory(purchase=inquiry.purchase, inquiry=inquiry, with_consent=True)
    refund_services.refund_start_review(refund=refund, actor=OpsUserFactory())
    return membership, inquiry, refund


def _visible(page, where: str) -> list[str]:
    failures = []
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{where}: {scroll} px wide at {inner} px")
    for v in axe_violations(page):
        failures.append(f"{where}: axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
    return failures


def test_every_app_screen_in_both_languages_passes_axe_and_is_in_the_gallery(browser, live_server):
    membership, inquiry, refund = _world()
    screens = [
        ("inbox", "#/inbox", "li.item"),
        ("thread", f"#/inquiry/{inquiry.pk}", "ol.thread li"),
        ("refund-new", f"#/refunds/new?inquiry={inquiry.pk}", "form"),
        ("reviews", "#/reviews", "li.item"),
        ("refunds", "#/refunds", "li.item"),
        ("refund", f"#/refunds/{refund.pk}", "ol.thread li"),
        ("dashboard", "#/dashboard", "dl.figures"),
        ("settings", "#/settings", "select"),
    ]
    failures: list[str] = []
    for lang, locale in LOCALES.items():
        folder = ARTIFACTS / f"app-phone-{lang}"
        folder.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(base_url=live_server.url, locale=locale, **PHONE)
        context.set_default_timeout(15_000)
        axe_install(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        fresh_sign_in_budget()
        page.goto("/app/")
        email, password, button = SIGN_IN[lang]
        page.get_by_role("button", name=button).wait_for()
        failures += _visible(page, f"{lang} sign-in")
        page.screenshot(path=str(folder / "sign-in.png"), full_page=True)
        page.get_by_label(email).fill(membership.user.email)
        page.get_by_label(password).fill(PASSWORD)
        page.get_by_role("button", name=button).click()
        page.locator("li.item").first.wait_for()
        for name, route, ready in screens:
            page.evaluate("(hash) => { location.hash = hash; }", route)
            page.locator(ready).first.wait_for()
            page.wait_for_load_state("networkidle")
            failures += _visible(page, f"{lang} {name}")
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        page.goto("/app/offline/")
        failures += _visible(page, f"{lang} offline")
        page.screenshot(path=str(folder / "offline.png"), full_page=True)
        assert errors == [], errors
        context.close()
    gallery_index_write()

    assert failures == [], "\n".join(failures)
