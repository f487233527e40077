"""Upserts by the store's ids: idempotent, order-safe (updated_at), 4xx for bad input."""

import pytest

from voc_portal.accounts.models import Customer, Membership
from voc_portal.catalog.models import App, Purchase
from voc_portal.store.models import StoreDeveloper

from .conftest import purchase_body

pytestmark = pytest.mark.django_db


def test_a_developer_is_created_then_updated_with_its_notification_addresses(store):
    body = {
        "name": "Nori",
        "support_email": "help@nori.example",
        "notification_emails": ["A@nori.example", "b@nori.example"],
    }
    first = store.put("/developers/dev-1/", body)
    assert first.status_code == 200
    assert first.json()["notification_emails"] == ["a@nori.example", "b@nori.example"]
    again = store.put("/developers/dev-1/", body)
    assert again.json() == first.json()
    assert StoreDeveloper.objects.count() == 1
    store.put(
        "/developers/dev-1/",
        {**body, "name": "Nori Games", "notification_emails": ["b@nori.example"]},
    )
    account = StoreDeveloper.objects.get().account
    assert account.name == "Nori Games"
    notify = dict(
        Membership.objects.filter(account=account).values_list("user__email", "notify_inquiries")
    )
    assert notify == {"a@nori.example": False, "b@nori.example": True}


def test_an_older_update_arriving_late_changes_nothing(store):
    store.put("/developers/dev-1/", {"name": "New", "updated_at": "2026-11-02T00:00:00Z"})
    late = store.put("/developers/dev-1/", {"name": "Old", "updated_at": "2026-11-01T00:00:00Z"})
    assert late.status_code == 200
    assert late.json()["name"] == "New"


def test_an_app_with_titles_per_language(store, catalog):
    response = store.put(
        "/apps/app-2/",
        {
            "developer_id": "dev-1",
            "package_name": "com.nori.free",
            "titles": {"ko": "무료", "en": "Free"},
            "price": 0,
            "is_free": True,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["titles"] == {"ko": "무료", "en": "Free"}
    assert App.objects.get(package_name="com.nori.free").is_free


@pytest.mark.parametrize(
    "change, status, code",
    [
        ({"price": 0, "is_free": False}, 400, "invalid"),
        ({"developer_id": "dev-404"}, 422, "unknown_reference"),
        ({"package_name": "com.nori.puzzle"}, 409, "package_name_taken"),
        ({"titles": {"fr": "Non"}}, 400, "invalid"),
        ({"price": "cheap"}, 400, "invalid"),
    ],
)
def test_bad_apps_are_refused_with_a_clear_4xx(store, catalog, change, status, code):
    body = {
        "developer_id": "dev-1",
        "package_name": "com.nori.two",
        "titles": {"en": "Two"},
        "price": 1100,
        "is_free": False,
        **change,
    }
    response = store.put("/apps/app-2/", body)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]


def test_a_customer_upsert_and_an_address_of_another(store, catalog):
    body = {"customer_number": "C-2002", "email": "jun@example.com", "language": "en"}
    assert store.put("/customers/cus-2/", body).status_code == 200
    assert Customer.objects.get(customer_number="C-2002").user.language == "en"
    taken = store.put("/customers/cus-3/", {**body, "customer_number": "C-3003"})
    assert (taken.status_code, taken.json()["code"]) == (409, "customer_conflict")


def test_a_purchase_upsert_is_idempotent(store, catalog):
    first = store.put("/purchases/pur-2/", purchase_body(2))
    assert first.status_code == 200, first.json()
    assert store.put("/purchases/pur-2/", purchase_body(2)).json() == first.json()
    assert Purchase.objects.filter(tid="TID2").count() == 1


@pytest.mark.parametrize(
    "change, status, code",
    [
        ({"customer_id": "cus-404"}, 422, "unknown_reference"),
        ({"tid": "Tpur-1"}, 409, "identifier_taken"),
        ({"amount": -1}, 400, "invalid"),
        ({"purchased_at": "soon"}, 400, "invalid"),
        ({"state": "REFUNDED"}, 400, "invalid"),
    ],
)
def test_bad_purchases_are_refused(store, catalog, change, status, code):
    response = store.put("/purchases/pur-2/", purchase_body(2, **change))
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_body_that_is_not_a_json_object_is_400(store):
    assert store.put("/developers/dev-1/", ["a list"]).status_code == 400
    broken = store.request("PUT", "/developers/dev-1/", b"{not json")
    assert broken.status_code == 400
    assert broken.json()["code"] == "parse_error"


def test_a_purchase_canceled_in_the_upsert_keeps_the_newest_state(store, catalog):
    cancel = purchase_body(2, state="CANCELED", state_at="2026-11-03T00:00:00Z")
    assert store.put("/purchases/pur-2/", cancel).json()["state"] == "CANCELED"
    older = purchase_body(2, state="COMPLETED", state_at="2026-11-02T00:00:00Z")
    assert store.put("/purchases/pur-2/", older).json()["state"] == "CANCELED"
    assert Purchase.objects.get(tid="TID2").cancelled_at.day == 3
