"""Payment notifications: by event time, duplicates answered the same, held until the purchase."""

import pytest

from voc_portal.catalog.models import Purchase
from voc_portal.store.models import PaymentNotification

from .conftest import notification, purchase_body

pytestmark = pytest.mark.django_db

URL = "/payment-notifications/"


def _state(tid="Tpur-1"):
    return Purchase.objects.get(tid=tid).state


def test_a_cancel_notification_cancels_and_its_duplicate_answers_the_same(store, catalog):
    body = notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300, tid="Tpur-1")
    first = store.post(URL, body)
    assert first.status_code == 200, first.json()
    assert first.json()["outcome"] == "applied"
    assert _state() == "cancelled"
    again = store.post(URL, body)
    assert (again.status_code, again.json()) == (200, first.json())
    assert PaymentNotification.objects.count() == 1


def test_a_late_older_notification_never_overwrites_a_newer_state(store, catalog):
    store.post(URL, notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300))
    late = store.post(URL, notification("pur-1", "COMPLETED", "2026-11-05T09:59:59Z", 3300))
    assert late.json()["outcome"] == "stale"
    assert _state() == "cancelled"
    newer = store.post(URL, notification("pur-1", "COMPLETED", "2026-11-06T00:00:00Z", 3300))
    assert newer.json()["outcome"] == "applied"
    assert _state() == "completed"


def test_at_the_same_instant_canceled_wins(store, catalog):
    store.post(URL, notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300))
    same = store.post(URL, notification("pur-1", "COMPLETED", "2026-11-05T10:00:00Z", 3300))
    assert same.json()["outcome"] == "stale"
    assert _state() == "cancelled"


def test_a_notification_before_its_purchase_waits_and_then_applies(store, catalog):
    early = store.post(URL, notification("pur-7", "CANCELED", "2026-11-05T10:00:00Z", 3300))
    assert early.json()["outcome"] == "pending"
    response = store.put("/purchases/pur-7/", purchase_body(7))
    assert response.json()["state"] == "CANCELED"
    assert PaymentNotification.objects.get().outcome == "applied"


def test_a_notification_for_other_amounts_is_recorded_but_not_applied(store, catalog):
    response = store.post(URL, notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 9900))
    assert response.json()["outcome"] == "mismatch"
    assert _state() == "completed"


def test_the_same_event_with_other_values_is_a_conflict(store, catalog):
    store.post(URL, notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300))
    other = store.post(
        URL, notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300, tid="Tx")
    )
    assert (other.status_code, other.json()["code"]) == (409, "notification_conflict")


def test_a_bad_signature_or_shape_is_a_400(store, catalog):
    body = notification("pur-1", "CANCELED", "2026-11-05T10:00:00Z", 3300)
    tampered = store.post(URL, {**body, "amount": 1})
    assert (tampered.status_code, tampered.json()["code"]) == (400, "signature_invalid")
    assert store.post(URL, {**body, "state": "REFUNDED"}).status_code == 400
    assert store.post(URL, {"purchase_id": "pur-1"}).status_code == 400
    assert _state() == "completed"
