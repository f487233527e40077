"""Delivery under failures: retried with backoff until the receiver takes it, exactly once;
an endpoint failing for long enough is turned off and its owners are emailed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.models import Category
from tests.factories import MembershipFactory
from voc_portal.accounts.models import Membership
from voc_portal.mail.models import OutboundEmail
from voc_portal.webhooks.models import Delivery, DeliveryAttempt, Endpoint
from voc_portal.webhooks.services import delivery_redrive, delivery_send, webhook_test_send

from .conftest import send_due

pytestmark = pytest.mark.django_db
Status = Delivery.Status


@pytest.fixture
def delivery(developer, customer, endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        inquiry_services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.OTHER,
            subject="Question",
            body="How do I export my data?",
        )
    return Delivery.objects.get(endpoint=endpoint)


def test_a_receiver_down_then_500_then_slow_gets_the_message_exactly_once(delivery, receiver):
    receiver.go_down()
    assert send_due()[0].status == Status.PENDING  # connection refused
    receiver.come_up()
    receiver.script.extend(["500", "timeout"])
    assert send_due()[0].status == Status.PENDING  # 500
    assert send_due()[0].status == Status.PENDING  # read timeout
    assert send_due()[0].status == Status.DELIVERED
    assert send_due() == []  # nothing left to send
    assert len(receiver.messages) == 1 and receiver.duplicates == 0
    log = list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("pk"))
    assert [a.status_code for a in log] == [None, 500, None, 200]
    assert log[0].error == "ConnectionError" and log[2].error in ("ReadTimeout", "ConnectionError")
    assert log[1].body_excerpt.startswith('{"error"') and not log[1].ok and log[3].ok
    # Every retry is the same message: one webhook-id, a new timestamp and signature each time.
    ids = {r["id"] for r in receiver.requests if r["id"]}
    assert ids == {delivery.msg_id}


def test_a_delivered_message_is_not_sent_again_when_its_task_runs_twice(delivery, receiver):
    assert delivery_send(delivery_id=delivery.pk).status == Status.DELIVERED
    assert delivery_send(delivery_id=delivery.pk) is None
    assert delivery_redrive() == 0
    assert len(receiver.requests) == 1


def test_failed_attempts_back_off_exponentially_within_the_cap(delivery, receiver, settings):
    settings.VOC_WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.VOC_WEBHOOK_RETRY_MAX_SECONDS = 300
    receiver.script.extend(["500"] * 6)
    waits = []
    for _ in range(6):
        before = timezone.now()
        [row] = send_due()
        waits.append((row.next_attempt_at - before).total_seconds())
    for n, wait in enumerate(waits, start=1):
        expected = min(30 * 2 ** (n - 1), 300)
        assert expected * 0.8 - 1 <= wait <= expected * 1.2 + 1
    # Not due yet: neither a task nor the re-drive takes it before its time.
    assert delivery_send(delivery_id=delivery.pk) is None
    assert delivery_redrive() == 0


def test_the_redrive_takes_due_and_abandoned_deliveries(delivery):
    assert delivery_redrive() == 1  # due: its publish may have been lost
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert delivery_redrive() == 1  # its worker died mid-attempt
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.DELIVERED)
    assert delivery_redrive() == 0


def test_ten_failures_within_a_day_do_not_disable_an_endpoint(delivery, endpoint, receiver):
    receiver.script.extend(["500"] * 12)
    for _ in range(12):
        send_due()
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.failures == 12


def test_failing_ten_times_over_a_day_disables_the_endpoint_and_emails_the_owners(
    delivery, endpoint, receiver, developer
):
    admin = MembershipFactory(account=developer.account, role=Membership.Role.ADMIN)
    receiver.script.extend(["500"] * 20)
    for _ in range(9):
        send_due()
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - timedelta(hours=25)
    )
    send_due()
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_reason == "failing"
    emails = OutboundEmail.objects.filter(kind="webhook_disabled")
    assert [e.to_email for e in emails] == [developer.user.email]  # owners only, not admins
    assert admin.user.email not in {e.to_email for e in emails}
    assert endpoint.url in emails[0].body_text
    # Disabled: its deliveries wait; nothing goes out, no second email.
    assert send_due() == [None]
    assert OutboundEmail.objects.filter(kind="webhook_disabled").count() == 1


def test_a_success_resets_the_failure_streak(delivery, endpoint, receiver):
    receiver.script.extend(["500"] * 3)
    for _ in range(4):
        send_due()
    endpoint.refresh_from_db()
    assert endpoint.failures == 0 and endpoint.failing_since is None


def test_a_test_event_goes_through_the_outbox_even_to_a_disabled_endpoint(endpoint, receiver):
    Endpoint.objects.filter(pk=endpoint.pk).update(enabled=False, disabled_at=timezone.now())
    endpoint.refresh_from_db()
    delivery = webhook_test_send(endpoint=endpoint)
    assert delivery_send(delivery_id=delivery.pk).status == Status.DELIVERED
    assert receiver.types() == ["webhook.test"]


def test_a_rotated_secret_still_verifies_with_the_old_one_during_the_grace(
    delivery, endpoint, receiver, developer
):
    from voc_portal.webhooks.services import endpoint_secret_rotate

    old = receiver.secret
    issued = endpoint_secret_rotate(membership=developer, endpoint=endpoint)
    assert issued.secret != old and issued.secret.startswith("whsec_")
    assert send_due()[0].status == Status.DELIVERED  # the receiver still has the old one
    receiver.reset(secret=issued.secret)
    webhook_test_send(endpoint=endpoint)
    assert send_due()[0].status == Status.DELIVERED


def test_a_name_that_resolves_to_a_private_address_is_never_called_in_production(
    delivery, endpoint, receiver, settings
):
    settings.VOC_WEBHOOK_ALLOW_HTTP_LOCAL = False
    Endpoint.objects.filter(pk=endpoint.pk).update(url=f"https://localhost:{receiver._port}/h")
    [row] = send_due()
    assert row.status == Status.PENDING
    assert receiver.requests == []
    assert DeliveryAttempt.objects.get(delivery=delivery).error == "PrivateAddress"
