"""The whole tour: every page, as customer, developer and ops, at 390x844 and 1366x900, in English
and Korean. On each page: no horizontal overflow (at 360 px too on a phone) and no serious or
critical axe-core violation; each page is saved to the gallery
artifacts/screenshots/<viewport>-<lang>/<role>-<page>.png (index: artifacts/screenshots/index.html).

One browser, one context per (viewport, language); every failure of the tour is collected and
reported together, so one run shows everything that is wrong.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.conf import settings
from django.test import Client

from inquiries.models import Message
from refunds import services as refund_services
from reviews import services as review_services
from tests.browser.conftest import ARTIFACTS, axe_install, axe_violations, gallery_index_write
from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    OpsUserFactory,
    PurchaseFactory,
)
from tests.factories.inquiries import ReplyTemplateFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry
from tests.factories.reviews import ReviewReplyTemplateFactory
from voc_portal.accounts import team
from voc_portal.accounts.backends import PASSWORD_BACKEND

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
NARROW = 360
LANGUAGES = ("en", "ko")


def _world():
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    account = membership.account
    agent = MembershipFactory(account=account, role="agent", user__full_name="Mina Park")
    app = AppFactory(
        account=account, title="Starlight Puzzle: Night Sky Edition", package_name="com.s.p"
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
    ops = OpsUserFactory(full_name="Ops Kim")
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, with_consent=True)
    refund_services.refund_start_review(refund=refund, actor=ops)
    asking = RefundRequestFactory(purchase=PurchaseFactory(customer=customer, app=app))
    consent = refund_services.consent_request_send(refund=asking, actor=membership.user)
    for n in range(3):
        other = CustomerFactory()
        PurchaseFactory(customer=other, app=app)
        awaiting_inquiry(app=app, customer=other, subject=f"Level {n + 10} does not load")
        review_services.review_create(customer=other, app=app, rating=2 + n, body=f"Fun {n}")
    ReplyTemplateFactory(account=account, name="Refund on its way")
    ReviewReplyTemplateFactory(account=account, name="Thanks")
    MembershipFactory(account=account, user__full_name="Alex Yoon", role="agent")
    invitation = team.invitation_create(
        membership=membership, email="newcomer@example.com", role="agent"
    )
    return {
        "anonymous": (
            None,
            [
                ("login", "/login/"),
                ("password-reset", "/password-reset/"),
                ("invitation", f"/invitations/{team.invitation_token(invitation)}/"),
            ],
        ),
        "customer": (
            customer.user,
            [
                ("apps", "/apps/"),
                ("app-page", f"/apps/{app.package_name}/"),
                ("contact", f"/apps/{app.package_name}/contact/"),
                ("my-inquiries", "/my/inquiries/"),
                ("thread", f"/my/inquiries/{inquiry.pk}/"),
                ("consent", f"/refunds/consent/{refund_services.consent_token(consent)}/"),
                ("settings", "/settings/"),
            ],
        ),
        "developer": (
            membership.user,
            [
                ("dashboard", "/dashboard/"),
                ("inbox", "/inquiries/"),
                ("thread", f"/inquiries/{inquiry.pk}/"),
                ("inquiry-templates", "/inquiries/templates/"),
                ("inquiry-template-new", "/inquiries/templates/new/"),
                ("reviews-console", "/reviews/"),
                ("review-templates", "/reviews/templates/"),
                ("refunds", "/refunds/"),
                ("refund", f"/refunds/{refund.pk}/"),
                ("refund-new", "/refunds/new/"),
                ("reports", "/reports/"),
                ("settings", "/settings/"),
                ("members", "/settings/members/"),
                ("two-factor", "/settings/two-factor/"),
                ("tokens", "/settings/tokens/"),
                ("member-apps", f"/settings/members/{agent.pk}/apps/"),
                ("devices", "/settings/devices/"),
            ],
        ),
        "ops": (
            ops,
            [
                ("queue", "/admin/refunds/refundrequest/"),
                ("case", f"/admin/refunds/refundrequest/{refund.pk}/change/"),
                ("overdue", "/admin/refunds/overdueinquiry/"),
                ("admin-index", "/admin/"),
                ("admin-reviews", "/admin/reviews/review/"),
            ],
        ),
    }


def _sign_in(page, live_server, user, language) -> None:
    """A session made by Django's test client (the sign-in form has journeys of its own; here
    it would cost a page load per role and context), the language cookie as sign-in sets it.
    No user: signed out, with the language a visitor chose."""
    page.context.clear_cookies()
    language_cookie = {"name": "django_language", "value": language, "url": live_server.url}
    if user is None:
        page.context.add_cookies([language_cookie])
        return
    type(user).objects.filter(pk=user.pk).update(language=language)
    client = Client()
    client.force_login(user, backend=PASSWORD_BACKEND)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            language_cookie,
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
        ]
    )


def _overflow(page) -> str | None:
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    return f"{scroll} px wide at {inner} px" if scroll > inner else None


SPENT: Counter = Counter()  # seconds per step of the tour, printed at its end


def _check(page, where: str, shot, *, phone: bool) -> list[str]:
    failures = []
    started = time.monotonic()
    if (wide := _overflow(page)) is not None:
        failures.append(f"{where}: {wide}")
    if phone:  # the narrowest phone too, without reloading
        size = page.viewport_size
        page.set_viewport_size({"width": NARROW, "height": size["height"]})
        if (wide := _overflow(page)) is not None:
            failures.append(f"{where}: {wide}")
        page.set_viewport_size(size)
    SPENT["overflow"] += time.monotonic() - started
    started = time.monotonic()
    for v in axe_violations(page):
        failures.append(f"{where}: axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
    SPENT["axe"] += time.monotonic() - started
    started = time.monotonic()
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True, animations="disabled")
    SPENT["screenshot"] += time.monotonic() - started
    return failures


def _goto(page, path):
    started = time.monotonic()
    answer = page.goto(path)
    SPENT["load"] += time.monotonic() - started
    return answer


def _visit_all(page, live_server, world, folder: str, *, phone: bool) -> list[str]:
    failures = []
    for role, (user, pages) in world.items():
        _sign_in(page, live_server, user, folder.rsplit("-", 1)[1])
        for name, path in pages:
            answer = _goto(page, path)
            where = f"{folder} {role}-{name}"
            if answer is None or answer.status != 200:
                failures.append(f"{where}: {path} answered {answer and answer.status}")
                continue
            failures += _check(page, where, ARTIFACTS / folder / f"{role}-{name}.png", phone=phone)
    return failures


def test_every_page_fits_and_passes_axe_when_toured_in_both_languages_and_sizes(
    browser, live_server
):
    world = _world()
    failures: list[str] = []
    errors: list[str] = []
    for size_name, (width, height) in VIEWPORTS.items():
        for language in LANGUAGES:
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": width, "height": height},
                locale="ko-KR" if language == "ko" else "en-US",
            )
            context.set_default_timeout(15_000)
            axe_install(context)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            folder = f"{size_name}-{language}"
            failures += _visit_all(page, live_server, world, folder, phone=size_name == "phone")
            context.close()
    gallery_index_write()
    print("tour seconds:", {k: round(v, 1) for k, v in SPENT.items()})
    assert errors == [], errors
    assert failures == [], "\n".join(failures)
