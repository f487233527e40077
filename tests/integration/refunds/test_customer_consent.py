"""Issue 10, through HTTP: consent comes from the customer only.

A developer's O (web form or API) is recorded on the request but unmasks nothing; the emailed
link works only for the customer it was sent to, signed in; a granted consent unmasks that
purchase only; every unmasked showing writes exactly one audit row (web, api, admin).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from refunds.models import ConsentRequest, RefundRequest
from tests.factories import CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.api.services import api_token_create
from voc_portal.catalog.models import PaymentIdentifierView, PurchaseConsent
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dev(developer):
    return _signed_in(developer.user)


@pytest.fixture
def api(developer):
    client = APIClient()
    secret = api_token_create(membership=developer, name="t").secret
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def buyer(purchase):
    return _signed_in(purchase.customer.user)


@pytest.fixture
def link(dev, purchase):
    """The developer asks through the page; the path of the link emailed to the customer."""
    refund = RefundRequestFactory(purchase=purchase, created_by=None)
    assert dev.post(reverse("refunds:ask_consent", args=[refund.pk])).status_code == 302
    body = OutboundEmail.objects.get(kind="consent_request").body_text
    url = re.search(r"https?://\S+/refunds/consent/\S+/", body).group(0)
    return refund, urlsplit(url).path


def _form(purchase, **over):
    return {
        "consent": "O",
        "customer_number": purchase.customer.customer_number,
        "purchased_at": timezone.localtime(purchase.purchased_at).strftime("%Y-%m-%dT%H:%M"),
        "purchased_item": purchase.item_name,
        "reason": "The customer asked.",
        "tid": "",
        "txid": "",
        "receipt_number": "",
        **over,
    }


def _shows(text: str, purchase) -> bool:
    return any(v in text for v in (purchase.tid, purchase.txid, purchase.receipt_number))


# --- a developer's O ------------------------------------------------------------------------


def test_developer_o_on_the_web_form_unmasks_nothing(dev, purchase):
    response = dev.post(reverse("refunds:create"), _form(purchase))
    assert response.status_code == 302, getattr(response, "context", None)
    refund = RefundRequest.objects.get()
    assert (refund.consent, refund.consent_at) == (True, None)  # the statement, no consent time

    detail = dev.get(reverse("refunds:detail", args=[refund.pk])).text
    assert not _shows(detail, purchase)
    assert f"••••{purchase.tid[-4:]}" in detail
    assert "Ask the customer for consent" in detail  # the customer can still be asked
    assert not PurchaseConsent.objects.exists()
    assert not PaymentIdentifierView.objects.exists()


def test_developer_o_with_typed_identifiers_is_checked_but_unmasks_nothing(dev, purchase):
    wrong = dev.post(reverse("refunds:create"), _form(purchase, tid="TID999"))
    assert wrong.status_code == 400 and not RefundRequest.objects.exists()

    dev.post(reverse("refunds:create"), _form(purchase, tid=purchase.tid))
    refund = RefundRequest.objects.get()
    detail = dev.get(reverse("refunds:detail", args=[refund.pk])).text
    assert purchase.txid not in detail and purchase.receipt_number not in detail
    assert not PaymentIdentifierView.objects.exists()


def test_developer_o_over_the_api_unmasks_nothing(api, purchase):
    body = {
        **_form(purchase),
        "purchased_at": timezone.localtime(purchase.purchased_at).isoformat(),
    }
    created = api.post("/api/v1/refunds/", body, format="json")
    assert created.status_code == 201, created.json()

    detail = api.get(f"/api/v1/refunds/{created.json()['id']}/").json()
    assert detail["payment_identifiers"]["masked"] is True
    assert not _shows(str(detail), purchase)
    assert not PaymentIdentifierView.objects.exists()


def test_old_developer_consent_rows_unmask_nothing_in_the_thread(dev, developer, purchase):
    # What the code before issue 10 wrote for a developer's O; kept as history (migration 0007).
    PurchaseConsent.objects.create(
        purchase=purchase, source=PurchaseConsent.Source.DEVELOPER_FORM, given_by=developer.user
    )
    refund = RefundRequestFactory(purchase=purchase, consent=True)

    assert not _shows(dev.get(reverse("refunds:detail", args=[refund.pk])).text, purchase)
    assert not PaymentIdentifierView.objects.exists()


# --- the link -------------------------------------------------------------------------------


def test_link_shows_the_purchase_with_masked_identifiers_to_its_customer(buyer, link, purchase):
    _, path = link
    response = buyer.get(path)

    assert response.status_code == 200
    assert purchase.item_name in response.text
    assert timezone.localtime(purchase.purchased_at).strftime("%Y-%m-%d %H:%M") in response.text
    assert f"••••{purchase.tid[-4:]}" in response.text and not _shows(response.text, purchase)
    assert ConsentRequest.objects.get().used_at is None


def test_link_sends_anonymous_visitors_to_sign_in_and_records_nothing(link, purchase):
    _, path = link
    anonymous = Client()
    for response in (anonymous.get(path), anonymous.post(path, {"answer": "O"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert ConsentRequest.objects.get().used_at is None
    assert not PurchaseConsent.objects.exists()


@pytest.mark.parametrize("who", ["another customer", "the developer", "ops"])
def test_link_is_a_404_for_anyone_but_its_customer(who, link, developer, purchase):
    _, path = link
    user = {
        "another customer": lambda: CustomerFactory().user,
        "the developer": lambda: developer.user,
        "ops": lambda: OpsUserFactory(),
    }[who]()
    client = _signed_in(user)

    assert client.get(path).status_code == 404
    assert client.post(path, {"answer": "O"}).status_code == 404
    assert ConsentRequest.objects.get().used_at is None
    assert not PurchaseConsent.objects.exists()


def test_customer_o_records_who_when_and_from_where(link, purchase):
    refund, path = link
    buyer = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)", REMOTE_ADDR="203.0.113.7")
    buyer.force_login(purchase.customer.user)

    assert buyer.post(path, {"answer": "O"}).status_code == 200

    consent = PurchaseConsent.objects.get()
    assert (consent.purchase, consent.source, consent.given_by) == (
        purchase,
        PurchaseConsent.Source.CUSTOMER_LINK,
        purchase.customer.user,
    )
    assert (consent.ip_address, consent.user_agent, consent.channel) == (
        "203.0.113.7",
        "Mozilla/5.0 (Linux; Android 14)",
        "web",
    )
    refund.refresh_from_db()
    assert refund.consent_at == consent.given_at == ConsentRequest.objects.get().used_at


def test_granted_consent_unmasks_that_purchase_only(buyer, dev, api, link, developer, purchase):
    refund, path = link
    other = PurchaseFactory(customer=purchase.customer, app=developer.app)
    other_refund = RefundRequestFactory(purchase=other)
    buyer.post(path, {"answer": "O"})

    assert _shows(dev.get(reverse("refunds:detail", args=[refund.pk])).text, purchase)
    assert not _shows(dev.get(reverse("refunds:detail", args=[other_refund.pk])).text, other)
    assert api.get(f"/api/v1/refunds/{refund.pk}/").json()["payment_identifiers"]["masked"] is False
    other_ids = api.get(f"/api/v1/refunds/{other_refund.pk}/").json()["payment_identifiers"]
    assert other_ids["masked"] is True
    assert set(PaymentIdentifierView.objects.values_list("purchase_id", flat=True)) == {purchase.pk}


def test_every_unmasked_view_writes_one_audit_row(buyer, dev, api, link, developer, purchase):
    refund, path = link
    buyer.post(path, {"answer": "O"})
    ops = OpsUserFactory()
    pages = [
        (dev, reverse("refunds:detail", args=[refund.pk]), developer.user, "web"),
        (api, f"/api/v1/refunds/{refund.pk}/", developer.user, "api"),
        (
            _signed_in(ops),
            reverse("admin:refunds_refundrequest_change", args=[refund.pk]),
            ops,
            "admin",
        ),
    ]
    for client, url, user, where in pages:
        seen = set(PaymentIdentifierView.objects.values_list("pk", flat=True))
        assert client.get(url).status_code == 200
        rows = PaymentIdentifierView.objects.exclude(pk__in=seen)
        assert [(r.user, r.purchase_id, r.where) for r in rows] == [(user, purchase.pk, where)]
