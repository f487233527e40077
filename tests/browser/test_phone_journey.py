"""Every page the tour found too wide fits a 360 px phone, in English and Korean, and the
gallery (artifacts/screenshots/index.html) holds each at 390x844 and 1366x900 in ko and en."""

import pytest
from django.utils import timezone

from inquiries.models import Message
from refunds import services as refund_services
from reviews import services as review_services
from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    OpsUserFactory,
    PurchaseFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
NARROW = (360, 800)
LANGUAGES = ("en", "ko")


@pytest.fixture
def world(transactional_db):
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    app = AppFactory(
        account=membership.account,
        title="Starlight Puzzle: Night Sky Edition",
        package_name="com.s.p",
    )
    customer = CustomerFactory(user__full_name="Minji Park")
    purchase = PurchaseFactory(
        customer=customer,
        app=app,
        item_name="Gem pack 500 (limited winter bundle)",
        txid="TX-20261201-7F3A9C2E5B1D4A6F8E0C2B4D6F8A0C2E",
        tid="TID2026120100000000009876543210",
    )
    inquiry = awaiting_inquiry(
        app=app, customer=customer, purchase=purchase, subject="Charged twice for the gem pack"
    )
    Message.objects.create(inquiry=inquiry, author_kind="customer", body="I was charged twice.")
    review_services.review_create(customer=customer, app=app, rating=4, body="Mine: lovely.")
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, with_consent=True)
    ops = OpsUserFactory()
    refund_services.refund_start_review(refund=refund, actor=ops)
    refund_services.refund_approve(refund=refund, actor=ops, note="Duplicate charge")
    for n in range(3):
        other = CustomerFactory()
        PurchaseFactory(customer=other, app=app)
        awaiting_inquiry(app=app, customer=other, subject=f"Level {n + 10} does not load")

        review_services.review_create(customer=other, app=app, rating=3 + n, body=f"Fun {n}")
    return membership, app, customer, inquiry, refund


def _open(browser, live_server, user, language, size):
    # Sign-in sets the language cookie from the profile, so the profile chooses the language
    # (not a first sign-in: that one would take the browser's Accept-Language instead).
    type(user).objects.filter(pk=user.pk).update(language=language, last_login=timezone.now())
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": size[0], "height": size[1]}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/login/")
    page.locator("input[name=username], input[type=email]").first.fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("input[type=password]").press("Enter")
    page.wait_for_load_state("networkidle")
    return context, page, errors


def _width(page) -> tuple[int, int]:
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def _tour(browser, live_server, screenshot, user, pages):
    for language in LANGUAGES:
        context, page, errors = _open(browser, live_server, user, language, NARROW)
        for name, path in pages:
            page.goto(path)
            scroll, inner = _width(page)
            assert scroll <= inner, f"{name} ({language}) is {scroll} px wide at {inner} px"
        context.close()
        for size_name, size in SIZES.items():
            context, page, errors = _open(browser, live_server, user, language, size)
            for name, path in pages:
                page.goto(path)
                screenshot(page, f"{name}-{size_name}-{language}")
            assert errors == []
            context.close()


def test_developer_pages_fit_a_phone_when_visited_in_both_languages(
    browser, live_server, screenshot, world
):
    membership, _app, _customer, inquiry, refund = world
    pages = [
        ("thread-developer", f"/inquiries/{inquiry.pk}/"),
        ("inbox", "/inquiries/"),
        ("dashboard", "/dashboard/"),
        ("refund-detail", f"/refunds/{refund.pk}/"),
        ("reviews-console", "/reviews/"),
    ]
    _tour(browser, live_server, screenshot, membership.user, pages)


def test_customer_pages_fit_a_phone_when_visited_in_both_languages(
    browser, live_server, screenshot, world
):
    _membership, app, customer, inquiry, _refund = world
    pages = [
        ("my-inquiries", "/my/inquiries/"),
        ("thread-customer", f"/my/inquiries/{inquiry.pk}/"),
        ("app-page", f"/apps/{app.package_name}/"),
    ]
    _tour(browser, live_server, screenshot, customer.user, pages)


def test_your_review_comes_before_other_reviews_on_a_phone_when_signed_in(
    browser, live_server, world
):
    _membership, app, customer, _inquiry, _refund = world
    context, page, _errors = _open(browser, live_server, customer.user, "en", SIZES["phone"])
    page.goto(f"/apps/{app.package_name}/")
    mine = page.locator("#your-review").bounding_box()["y"]
    others = page.locator("#reviews").bounding_box()["y"]
    assert mine < others
    context.close()


def test_refund_outcome_and_its_korean_text_are_on_the_customer_thread_when_approved(
    browser, live_server, world
):
    _membership, _app, customer, inquiry, _refund = world
    context, page, _errors = _open(browser, live_server, customer.user, "ko", SIZES["phone"])
    page.goto(f"/my/inquiries/{inquiry.pk}/")
    thread = page.locator(".thread").inner_text()
    assert "구매 취소를 승인했습니다" in thread
    context.close()
