"""Each event type reaches a subscribed endpoint exactly once, signed and verified by the
`standardwebhooks` reference library in the receiver, with no personal data it should not
carry."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.escalation import inquiry_escalation_sweep, inquiry_reminder_sweep
from inquiries.models import Category, Inquiry
from refunds import services as refunds
from reviews.services import review_create, review_update
from tests.factories import OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.webhooks.models import Delivery, EventType

from .conftest import send_due

pytestmark = pytest.mark.django_db


def _inquiry(developer, customer, capture):
    with capture(execute=False):
        return inquiry_services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.ERROR,
            subject="The app crashes on start",
            body="Since the update it closes at once. My email is me@example.com",
        )


def test_inquiry_created_reaches_the_receiver_once_signed_and_without_personal_data(
    developer, customer, endpoint, receiver, django_capture_on_commit_callbacks
):
    customer.user.full_name = "이승원"
    customer.user.save()
    inquiry = _inquiry(developer, customer, django_capture_on_commit_callbacks)
    [delivery] = send_due(endpoint)
    assert delivery.status == Delivery.Status.DELIVERED
    assert receiver.types() == ["inquiry.created"]
    [message] = receiver.messages
    assert message["id"] == delivery.msg_id and message["id"].startswith("msg_")
    data = message["json"]["data"]
    assert data["id"] == inquiry.pk and data["app"]["package_name"] == developer.app.package_name
    assert data["customer"] == {"name": "이*원"}
    raw = message["body"].decode()
    for private in (customer.user.email, customer.customer_number, "me@example.com"):
        assert private not in raw


def test_every_event_type_fires_once(
    developer, customer, endpoint, receiver, django_capture_on_commit_callbacks, settings
):
    capture = django_capture_on_commit_callbacks
    inquiry = _inquiry(developer, customer, capture)
    # due soon: both reminder windows pass, the event is raised once for the clock
    Inquiry.objects.filter(pk=inquiry.pk).update(due_at=timezone.now() + timedelta(hours=20))
    with capture(execute=False):
        inquiry_reminder_sweep()
    Inquiry.objects.filter(pk=inquiry.pk).update(due_at=timezone.now() + timedelta(hours=5))
    with capture(execute=False):
        inquiry_reminder_sweep()
    Inquiry.objects.filter(pk=inquiry.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    with capture(execute=False):
        inquiry_escalation_sweep()
        inquiry_escalation_sweep()
    inquiry.refresh_from_db()
    with capture(execute=False):
        inquiry_services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Fixed in 2.1")
    PurchaseFactory(customer=customer, app=developer.app)
    with capture(execute=False):
        review = review_create(customer=customer, app=developer.app, rating=2, body="Crashes")
        review_update(review=review, customer=customer, rating=4, body="Better now")
    case = RefundRequestFactory(purchase=PurchaseFactory(app=developer.app))
    with capture(execute=False):
        refunds.refund_start_review(refund=case, actor=OpsUserFactory())
    send_due(endpoint)
    assert sorted(receiver.types()) == sorted(
        [
            "inquiry.created",
            "inquiry.due_soon",
            "inquiry.escalated",
            "inquiry.answered",
            "review.created",
            "review.updated",
            "refund.state_changed",
        ]
    )
    assert receiver.duplicates == 0
    by_type = {m["json"]["type"]: m["json"]["data"] for m in receiver.messages}
    assert by_type["review.updated"]["previous_rating"] == 2
    assert by_type["refund.state_changed"]["state"] == "in_review"
    assert "tid" not in json.dumps(by_type["refund.state_changed"])


def test_an_endpoint_gets_only_the_events_it_chose_and_only_of_its_account(
    developer, other_developer, customer, endpoint_for, receiver, django_capture_on_commit_callbacks
):
    mine = endpoint_for(developer, events=[EventType.REVIEW_CREATED])
    _inquiry(developer, customer, django_capture_on_commit_callbacks)
    _inquiry(other_developer, customer, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(endpoint=mine).exists()


def test_a_slack_endpoint_gets_a_signed_text_body(
    developer, customer, endpoint_for, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(developer, format="slack")
    _inquiry(developer, customer, django_capture_on_commit_callbacks)
    send_due(endpoint)
    [message] = receiver.messages
    assert set(message["json"]) == {"text"}
    assert developer.app.title in message["json"]["text"]


def test_a_slack_refund_line_names_the_state_in_the_endpoints_language(
    developer, endpoint_for, receiver, django_capture_on_commit_callbacks
):
    developer.user.language = "ko"
    developer.user.save(update_fields=["language"])
    endpoint = endpoint_for(developer, format="slack", events=[EventType.REFUND_STATE_CHANGED])
    case = RefundRequestFactory(purchase=PurchaseFactory(app=developer.app))
    with django_capture_on_commit_callbacks(execute=False):
        refunds.refund_start_review(refund=case, actor=OpsUserFactory())
    send_due(endpoint)
    [message] = receiver.messages
    assert "검토 중" in message["json"]["text"] and "in_review" not in message["json"]["text"]
