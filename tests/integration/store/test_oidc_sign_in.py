"""Customer sign-in through the store's OpenID Connect provider, over HTTP end to end.

The provider is node-oidc-provider in its own process (tests/support/oidc_provider.py); the
portal runs as a live server; a `requests` session is the customer's browser: the portal sends
it to the provider (authorization code flow with PKCE), it signs in and consents there, the
provider sends it back with a code, and the portal exchanges the code, checks the ID token
against the provider's keys and signs in the customer whose number is the `sub`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories.accounts import MembershipFactory
from tests.support.oidc_provider import OIDCProvider
from voc_portal.accounts.models import Customer
from voc_portal.store import services

pytestmark = pytest.mark.django_db(transaction=True)
ACCOUNTS = {"C-1001": {"email": "minji@store.example"}, "C-9999": {"email": "nobody@x.example"}}


@pytest.fixture(scope="module")
def provider(live_server):
    server = OIDCProvider(
        client_id="voc-portal",
        client_secret="test-client-secret-of-some-length",
        redirect_uri=f"{live_server.url}/oidc/callback/",
        accounts=ACCOUNTS,
    ).start()
    yield server
    server.stop()


@pytest.fixture
def store_sign_in(provider, settings):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    return provider


@pytest.fixture
def customer(transactional_db):
    services.customer_upsert(
        store_id="cus-1", customer_number="C-1001", email="minji@example.com", language="ko",
        full_name="김민지",
    )  # fmt: skip
    return Customer.objects.get(customer_number="C-1001")


def _form_action(page: requests.Response) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, page.text[:500]
    return urljoin(page.url, match.group(1))


def _sign_in_at_the_store(live_server, login: str) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    start = browser.get(f"{live_server.url}/oidc/authenticate/", allow_redirects=False)
    assert start.status_code == 302
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["response_type"] == ["code"] and "openid" in query["scope"][0].split()
    login_page = browser.get(start.headers["Location"])  # the provider's sign-in screen
    consent_page = browser.post(
        _form_action(login_page), data={"prompt": "login", "login": login, "password": "any"}
    )
    done = browser.post(_form_action(consent_page), data={"prompt": "consent"})
    return browser, done


def _signed_in_user_id(browser: requests.Session):
    key = browser.cookies.get("sessionid")
    if not key:
        return None
    session = Session.objects.filter(session_key=key).first()
    return session and session.get_decoded().get("_auth_user_id")


def test_a_customer_signs_in_through_the_store_provider_with_pkce(
    live_server, store_sign_in, customer
):
    browser, done = _sign_in_at_the_store(live_server, "C-1001")

    assert done.status_code == 200
    assert any(r.url.startswith(f"{live_server.url}/oidc/callback/?") for r in done.history)
    assert _signed_in_user_id(browser) == str(customer.user_id)
    mine = browser.get(f"{live_server.url}{reverse('inquiries:my_list')}", allow_redirects=False)
    assert mine.status_code == 200


def test_a_store_account_without_a_customer_here_is_not_signed_in(
    live_server, store_sign_in, customer
):
    browser, done = _sign_in_at_the_store(live_server, "C-9999")  # the store knows; we do not
    assert urlsplit(done.url).path == reverse("accounts:login")
    assert "The store could not sign you in here." in done.text
    assert _signed_in_user_id(browser) is None


def test_the_login_page_offers_the_store_sign_in_only_when_configured(client, settings, customer):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "store-sign-in" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404

    settings.OIDC_RP_CLIENT_ID = "voc-portal"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://localhost:1/auth"
    settings.VOC_CUSTOMER_PASSWORDS = False
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'id="store-sign-in"' in html
    assert "Store customers sign in with their store account only." in html


def test_local_customer_passwords_can_be_switched_off(client, settings, customer):
    customer.user.set_password("pw-of-the-customer-1")
    customer.user.save()
    developer = MembershipFactory()
    developer.user.set_password("pw-of-the-developer-1")
    developer.user.save()
    login = reverse("accounts:login")

    settings.VOC_CUSTOMER_PASSWORDS = False
    refused = client.post(
        login, {"username": customer.user.email, "password": "pw-of-the-customer-1"}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    allowed = client.post(
        login, {"username": developer.user.email, "password": "pw-of-the-developer-1"}
    )
    assert allowed.status_code == 302 and client.session["_auth_user_id"] == str(developer.user.pk)

    client.logout()
    settings.VOC_CUSTOMER_PASSWORDS = True
    back = client.post(login, {"username": customer.user.email, "password": "pw-of-the-customer-1"})
    assert back.status_code == 302 and client.session["_auth_user_id"] == str(customer.user_id)
