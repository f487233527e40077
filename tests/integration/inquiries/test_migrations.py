"""Migrations 0004/0005 run forward over existing event rows: transitions get their states."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inquiries.models import InquiryEvent
from tests.factories import AppFactory, CustomerFactory

BEFORE = [("inquiries", "0003_inbox_urgency_index")]
AFTER = [("inquiries", "0005_inquiryevent_states_backfill")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_event_rows_get_from_and_to_states_when_migrated_forward_with_data():
    app, customer = AppFactory(), CustomerFactory()
    old = _migrate(BEFORE)
    try:
        Inquiry = old.get_model("inquiries", "Inquiry")
        Event = old.get_model("inquiries", "InquiryEvent")
        inquiry = Inquiry.objects.create(
            account_id=app.account_id,
            app_id=app.pk,
            customer_id=customer.pk,
            category="other",
            subject="Old row",
            status="closed",
        )
        for kind, data in [
            ("created", {"via": "web"}),
            ("answered", {"message_id": 1, "via": "web"}),
            ("closed", {"previous": "answered"}),
            ("reopened", {"by": "customer"}),
            ("reopened", {"by": "developer", "state": "answered"}),
            ("escalated", {"sweep": "x"}),
        ]:
            Event.objects.create(inquiry_id=inquiry.pk, kind=kind, clock=1, data=data)
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = InquiryEvent.objects.order_by("id").values_list("kind", "from_state", "to_state", "data")
    assert [row[:3] for row in rows] == [
        ("created", "", "awaiting"),
        ("answered", "awaiting", "answered"),
        ("closed", "answered", "closed"),
        ("reopened", "closed", "awaiting"),
        ("reopened", "closed", "answered"),
        ("escalated", "", ""),
    ]
    # The data each row carried stays as it was.
    assert rows[2][3] == {"previous": "answered"}
