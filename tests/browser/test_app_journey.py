"""The Developer Center app (/app/) on a phone: installable, signed in with a device token, and
a reply written offline reaches the customer exactly once, even when the page is killed."""

import io
import json

import pytest
from django.core.cache import cache
from PIL import Image

from inquiries.models import Message
from reviews import services as review_services
from reviews.models import OfficialReply
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, PurchaseFactory
from tests.factories.accounts import PASSWORD
from tests.factories.refunds import awaiting_inquiry
from voc_portal.api.models import ApiToken, IdempotencyRecord
from voc_portal.api.services import api_token_revoke
from voc_portal.mail.models import OutboundEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
REPLY = "Sorry about the double charge: the second one is refunded today."


def app_world():
    """A developer with one app and an inquiry awaiting them (the tour adds the other screens')."""
    membership = MembershipFactory(account__name="Starlight Games", user__full_name="Jiwoo Han")
    app = AppFactory(account=membership.account, title="Starlight Puzzle")
    customer = CustomerFactory(user__full_name="Minji Park")
    purchase = PurchaseFactory(customer=customer, app=app, item_name="Gem pack 500")
    inquiry = awaiting_inquiry(
        app=app, customer=customer, purchase=purchase, subject="Charged twice for the gem pack"
    )
    Message.objects.create(inquiry=inquiry, author_kind="customer", body="I was charged twice.")
    return membership, inquiry


@pytest.fixture
def world(transactional_db):
    return app_world()


def fresh_sign_in_budget() -> None:
    # The sign-in budget is per address (10/min), and every journey signs in from 127.0.0.1.
    cache.delete("throttle_device_sign_in_127.0.0.1")


@pytest.fixture
def phone(browser, live_server):
    fresh_sign_in_budget()
    context = browser.new_context(base_url=live_server.url, locale="en-US", **PHONE)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def sign_in(page, membership):
    page.goto("/app/")
    page.get_by_label("Email address").fill(membership.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Device name").fill("Test phone")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Inbox").wait_for()


def open_the_thread(page) -> None:
    page.get_by_role("link", name="Charged twice for the gem pack").click()
    page.get_by_text("I was charged twice.").wait_for()


def write_the_reply(page) -> None:
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    page.get_by_role("status").filter(has_text="1 reply waiting to send").wait_for()


def controlled(page) -> None:
    # A Python-side poll: wait_for_function evaluates strings, which the app's CSP forbids.
    wait_for(
        page,
        lambda: page.evaluate("navigator.serviceWorker.controller !== null"),
        "the service worker never controlled the page",
    )


def developer_replies(inquiry):
    return Message.objects.filter(inquiry=inquiry, author_kind="developer", is_internal=False)


def wait_for(page, check, what: str, timeout_ms: int = 15_000) -> None:
    for _ in range(timeout_ms // 250):
        if check():
            return
        page.wait_for_timeout(250)
    raise AssertionError(what)


def test_the_app_meets_the_install_criteria_on_a_phone(phone, world):
    page = phone.new_page()
    page.goto("/app/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(href)
    data = manifest.json()

    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert data["display"] == "standalone" and data["start_url"] == data["scope"] == "/app/"
    assert data["name"] and data["short_name"] and data["theme_color"] and data["background_color"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        answer = page.request.get(icon["src"])
        assert answer.headers["content-type"] == "image/png"
        width, height = Image.open(io.BytesIO(answer.body())).size
        assert f"{width}x{height}" == icon["sizes"]
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    controlled(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/app/sw.js")
    # The offline page and the shell come from the worker's cache once offline.
    phone.set_offline(True)
    page.goto("/app/offline/")
    assert page.get_by_role("heading", name="You are offline").is_visible()
    page.goto("/app/")
    page.get_by_role("heading", name="Sign in").wait_for()  # the app boots from the cache


def test_a_reply_written_offline_is_sent_once_when_back_online(phone, world):
    membership, inquiry = world
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, membership)
    controlled(page)
    assert ApiToken.objects.get().kind == ApiToken.Kind.DEVICE
    open_the_thread(page)

    phone.set_offline(True)
    write_the_reply(page)
    page.get_by_text("Reply waiting to send", exact=True).wait_for()
    assert not developer_replies(inquiry).exists()

    phone.set_offline(False)
    wait_for(page, lambda: developer_replies(inquiry).exists(), "the reply was not sent")
    page.get_by_role("status").filter(has_text="waiting").wait_for(state="detached")
    page.wait_for_timeout(500)  # a second send would land now
    assert developer_replies(inquiry).get().body == REPLY
    assert OutboundEmail.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert errors == []


def test_a_queued_reply_survives_killing_the_page_offline_and_is_sent_once(phone, world):
    membership, inquiry = world
    page = phone.new_page()
    sign_in(page, membership)
    controlled(page)
    open_the_thread(page)
    phone.set_offline(True)
    write_the_reply(page)
    page.close()  # killed

    # Reopened while still offline: the shell comes from the worker, the thread and the queued
    # reply from IndexedDB.
    page = phone.new_page()
    page.goto(f"/app/#/inquiry/{inquiry.pk}")
    page.get_by_text("I was charged twice.").wait_for()
    page.get_by_role("status").filter(has_text="1 reply waiting to send").wait_for()
    assert not developer_replies(inquiry).exists()
    page.close()  # killed again

    phone.set_offline(False)
    page = phone.new_page()
    page.goto("/app/")
    wait_for(page, lambda: developer_replies(inquiry).exists(), "the reply was not sent")
    page.wait_for_timeout(1000)
    assert developer_replies(inquiry).count() == 1
    assert OutboundEmail.objects.count() == 1


def test_a_reply_whose_answer_was_lost_mid_send_is_not_sent_twice(phone, world):
    """The API stored the reply but the phone never heard back (killed, or the network dropped):
    the retry carries the same Idempotency-Key and gets the first answer."""
    membership, inquiry = world
    page = phone.new_page()
    sign_in(page, membership)
    open_the_thread(page)
    lost = []

    def lose_the_first_answer(route):
        if not lost:
            route.fetch()  # reaches the server, which stores the reply
            lost.append(True)
            route.abort()  # but the answer never arrives
        else:
            route.continue_()

    page.route("**/api/v1/inquiries/*/reply/", lose_the_first_answer)
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    wait_for(page, lambda: lost and developer_replies(inquiry).exists(), "never reached the API")
    page.wait_for_timeout(300)
    assert page.get_by_role("status").filter(has_text="1 reply waiting to send").is_visible()

    page.reload()  # the app retries at start
    page.get_by_role("status").filter(has_text="waiting").wait_for(state="detached")
    page.wait_for_timeout(500)
    assert developer_replies(inquiry).count() == 1
    assert OutboundEmail.objects.count() == 1


def test_a_push_message_shows_its_notification(phone, world):
    """The DevTools protocol delivers a push to the worker, as a push service would; the worker
    shows the payload's title and body, tagged, with the thread's URL to open on a tap."""
    _membership, inquiry = world
    phone.grant_permissions(["notifications"])
    page = phone.new_page()
    page.goto("/app/")
    controlled(page)
    cdp = phone.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    wait_for(page, lambda: registrations, "no service worker registration reported")
    origin = page.evaluate("location.origin")
    [registration] = [r for r in registrations if r["scopeURL"] == origin + "/app/"][:1]
    payload = {
        "title": "New inquiry",
        "body": "Charged twice for the gem pack",
        "url": f"/app/#/inquiry/{inquiry.pk}",
        "tag": f"inquiry-{inquiry.pk}",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": registration["registrationId"],
            "data": json.dumps(payload),
        },
    )

    shown = []

    def notification_shown() -> bool:
        found = page.evaluate(
            """async () => {
              const reg = await navigator.serviceWorker.ready;
              const [n] = await reg.getNotifications();
              return n ? {title: n.title, body: n.body, tag: n.tag, url: n.data.url} : null;
            }"""
        )
        shown[:] = [found] if found else []
        return bool(found)

    wait_for(page, notification_shown, "no notification was shown")
    assert shown == [payload]


def test_an_official_reply_with_a_phone_number_shows_the_privacy_guard_inline(phone, world):
    membership, inquiry = world
    review_services.review_create(
        customer=inquiry.customer, app=inquiry.app, rating=2, body="Crashes."
    )
    page = phone.new_page()
    sign_in(page, membership)
    page.get_by_role("link", name="Reviews").click()
    page.get_by_text("Crashes.").wait_for()
    page.get_by_label("Official reply").fill("Call me at 010-1234-5678 and we will sort it out.")
    page.get_by_role("button", name="Post official reply").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "a phone number: “010-1234-5678”" in alert.inner_text()
    assert not OfficialReply.objects.exists()


def test_signing_out_revokes_the_device_token_and_forgets_it(phone, world):
    membership, _inquiry = world
    page = phone.new_page()
    sign_in(page, membership)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("button", name="Sign in").wait_for()
    wait_for(page, lambda: ApiToken.objects.get().revoked_at is not None, "token not revoked")
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for()  # the token is gone from IndexedDB


def test_a_device_signed_out_in_settings_devices_returns_to_the_sign_in(phone, world):
    membership, _inquiry = world
    page = phone.new_page()
    sign_in(page, membership)
    page.get_by_role("link", name="Reviews").click()
    page.get_by_text("No reviews here.").wait_for()  # the screen's call has come back
    api_token_revoke(token=ApiToken.objects.get())  # what Settings > Devices does

    page.evaluate("location.hash = '#/inbox'")

    page.get_by_role("button", name="Sign in").wait_for()
