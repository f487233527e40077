"""Consent from the store's consent screen: the customer's own O, relayed, with its source."""

import pytest

from voc_portal.catalog.models import PurchaseConsent
from voc_portal.catalog.selectors import purchase_consented_ids

pytestmark = pytest.mark.django_db

URL = "/purchases/pur-1/consents/"


def test_the_store_relays_the_customers_consent(store, catalog):
    body = {"customer_number": "C-1001", "given_at": "2026-11-05T10:00:00Z"}
    response = store.post(URL, body)
    assert response.status_code == 200, response.json()
    assert response.json()["source"] == "store"
    consent = PurchaseConsent.objects.get()
    assert (consent.source, consent.channel, consent.given_by) == ("store", "store_app", None)
    assert purchase_consented_ids(purchase_ids=[consent.purchase_id]) == {consent.purchase_id}
    assert store.post(URL, body).json() == response.json()
    assert PurchaseConsent.objects.count() == 1


def test_only_the_purchases_customer_can_consent(store, catalog):
    store.put(
        "/customers/cus-2/",
        {"customer_number": "C-2002", "email": "x@example.com", "language": "en"},
    )
    response = store.post(URL, {"customer_number": "C-2002", "given_at": "2026-11-05T10:00:00Z"})
    assert response.status_code == 403
    assert not PurchaseConsent.objects.exists()


def test_consent_for_an_unknown_purchase_is_422(store, catalog):
    response = store.post(
        "/purchases/pur-404/consents/",
        {"customer_number": "C-1001", "given_at": "2026-11-05T10:00:00Z"},
    )
    assert (response.status_code, response.json()["code"]) == (422, "unknown_reference")
