"""The outbox: rows in the caller's transaction, one claim per send, retries, re-drive, tracking."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from tests.support import flaky_backend
from tests.support.broker import published_send_tasks
from voc_portal.mail import services
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.tasks import outbound_email_send_task

Status = OutboundEmail.Status
pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_queue_stores_and_sends_nothing_when_transaction_rolls_back(
    queue_email, private_broker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        queue_email(dedupe_key="rolled-back")
        raise Boom
    assert callbacks == []
    assert not OutboundEmail.objects.filter(dedupe_key="rolled-back").exists()
    assert published_send_tasks(private_broker.url) == []
    assert mail.outbox == []


def test_queue_publishes_exactly_one_send_when_transaction_commits(
    queue_email, private_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        email = queue_email(dedupe_key="committed")
        # The same cause queued again in the same transaction: the stored row, nothing new.
        again = queue_email(dedupe_key="committed")
    assert again.pk == email.pk
    assert len(callbacks) == 1
    assert OutboundEmail.objects.filter(dedupe_key="committed").count() == 1
    assert published_send_tasks(private_broker.url) == [email.pk]
    # Run the published task's work: exactly one email, with our Message-ID and provider id.
    services.outbound_email_send(email_id=email.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.provider_message_id == "0"  # anymail's test backend: index in the outbox
    assert email.attempts == 1


def test_send_twice_delivers_once_when_row_was_sent(queue_email):
    email = queue_email()
    assert services.outbound_email_send(email_id=email.pk).status == Status.SENT
    assert services.outbound_email_send(email_id=email.pk) is None
    assert len(mail.outbox) == 1


def test_queued_email_keeps_thread_headers_when_references_are_given(queue_email):
    email = queue_email(references=["<a@x>", "<b@x>"])
    services.outbound_email_send(email_id=email.pk)
    headers = mail.outbox[0].extra_headers
    assert headers["In-Reply-To"] == "<b@x>"
    assert headers["References"] == "<a@x> <b@x>"


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_deliver_once_when_two_workers_race_for_one_row(queue_email):
    email = queue_email()
    start = threading.Barrier(4)
    results = []

    def worker():
        try:
            start.wait()
            results.append(services.outbound_email_send(email_id=email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == 4
    assert sum(r is not None for r in results) == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)


def test_provider_error_is_retried_and_one_email_goes_out_when_provider_recovers(
    queue_email, flaky_provider
):
    email = queue_email(to_email="customer@example.com")
    first = services.outbound_email_send(email_id=email.pk)
    assert first.status == Status.QUEUED
    assert "503" in first.last_error
    assert mail.outbox == []
    second = services.outbound_email_send(email_id=email.pk)
    assert second.status == Status.QUEUED
    third = services.outbound_email_send(email_id=email.pk)
    assert third.status == Status.SENT
    assert third.attempts == 3
    assert third.last_error == ""
    assert flaky_backend.calls() == 3
    assert [m.to for m in mail.outbox] == [["customer@example.com"]]


def test_retry_waits_for_backoff_when_provider_failed(queue_email, flaky_provider):
    flaky_provider.VOC_EMAIL_RETRY_BASE_SECONDS = 30
    email = queue_email()
    failed = services.outbound_email_send(email_id=email.pk)
    assert failed.next_attempt_at > timezone.now() + timedelta(seconds=20)
    # Too early: not claimable, so nothing is sent and no attempt is spent.
    assert services.outbound_email_send(email_id=email.pk) is None
    assert flaky_backend.calls() == 1


def test_send_task_reenqueues_with_eta_when_provider_failed(
    queue_email, flaky_provider, private_broker
):
    email = queue_email()
    outbound_email_send_task.run(email.pk)
    email.refresh_from_db()
    assert email.status == Status.QUEUED
    assert published_send_tasks(private_broker.url) == [email.pk]


def test_permanent_provider_error_fails_without_retry_when_provider_says_400(
    queue_email, flaky_provider
):
    flaky_provider.VOC_TEST_EMAIL_FAILURE_STATUS = 400
    email = queue_email()
    result = services.outbound_email_send(email_id=email.pk)
    assert result.status == Status.FAILED
    assert services.outbound_email_send(email_id=email.pk) is None
    assert flaky_backend.calls() == 1


def test_email_fails_when_attempts_run_out(queue_email, flaky_provider):
    flaky_provider.VOC_EMAIL_MAX_ATTEMPTS = 2
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 5
    email = queue_email()
    assert services.outbound_email_send(email_id=email.pk).status == Status.QUEUED
    assert services.outbound_email_send(email_id=email.pk).status == Status.FAILED
    assert services.outbound_email_send(email_id=email.pk) is None
    assert mail.outbox == []


def test_redrive_resends_once_when_sending_row_is_past_its_lease(queue_email, private_broker):
    email = queue_email()
    stuck_since = timezone.now() - timedelta(minutes=10)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=stuck_since, attempts=1
    )
    assert services.outbound_email_redrive() == 1
    assert published_send_tasks(private_broker.url) == [email.pk]
    sent = services.outbound_email_send(email_id=email.pk)
    assert (sent.status, sent.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_redrive_leaves_row_alone_when_sending_row_is_within_its_lease(queue_email, private_broker):
    email = queue_email()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - timedelta(seconds=30), attempts=1
    )
    assert services.outbound_email_redrive() == 0
    assert services.outbound_email_send(email_id=email.pk) is None
    assert mail.outbox == []


def test_redrive_enqueues_once_per_grace_when_row_stays_queued(
    queue_email, private_broker, settings
):
    settings.VOC_EMAIL_REDRIVE_GRACE_SECONDS = 60
    email = queue_email()
    fresh = services.outbound_email_redrive()
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    first = services.outbound_email_redrive()
    second = services.outbound_email_redrive()
    assert (fresh, first, second) == (0, 1, 0)
    assert published_send_tasks(private_broker.url) == [email.pk]


def test_redrive_fails_row_when_stuck_after_last_attempt(queue_email, private_broker, settings):
    settings.VOC_EMAIL_MAX_ATTEMPTS = 3
    email = queue_email()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1), attempts=3
    )
    assert services.outbound_email_redrive() == 0
    email.refresh_from_db()
    assert email.status == Status.FAILED


def test_enqueue_returns_quickly_and_row_stays_queued_when_broker_is_down(
    queue_email, private_broker, django_capture_on_commit_callbacks
):
    private_broker.stop()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue_email()
    assert time.monotonic() - started < 10
    email.refresh_from_db()
    assert email.status == Status.QUEUED
    # Redis comes back (empty: the publish was lost); the re-drive hands the row over again.
    private_broker.start()
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    assert services.outbound_email_redrive() == 1
    assert published_send_tasks(private_broker.url) == [email.pk]
    services.outbound_email_send(email_id=email.pk)
    assert len(mail.outbox) == 1


def test_tracking_marks_delivered_then_bounced_when_bounce_comes_late(queue_email):
    email = queue_email()
    services.outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    pid = email.provider_message_id
    assert services.outbound_email_track(provider_message_id=pid, event_type="delivered") == 1
    email.refresh_from_db()
    assert email.status == Status.DELIVERED
    assert (
        services.outbound_email_track(
            provider_message_id=email.message_id, event_type="bounced", description="mailbox full"
        )
        == 1
    )
    email.refresh_from_db()
    assert (email.status, email.last_error) == (Status.BOUNCED, "mailbox full")
    # "delivered" after a bounce does not hide the bounce.
    assert services.outbound_email_track(provider_message_id=pid, event_type="delivered") == 0


def test_tracking_changes_nothing_when_id_is_unknown_or_event_uninteresting(queue_email):
    email = queue_email()
    services.outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert services.outbound_email_track(provider_message_id="<nope@x>", event_type="bounced") == 0
    assert (
        services.outbound_email_track(provider_message_id=email.message_id, event_type="opened")
        == 0
    )
    email.refresh_from_db()
    assert email.status == Status.SENT


def test_send_keeps_tracked_state_and_records_provider_id_when_webhook_came_first(
    queue_email, settings
):
    settings.EMAIL_BACKEND = "tests.support.flaky_backend.EarlyTrackingEmailBackend"
    email = queue_email()
    result = services.outbound_email_send(email_id=email.pk)
    assert result.status == Status.DELIVERED
    assert result.provider_message_id == "0"
    assert result.sent_at is not None


def test_requeue_sends_failed_email_once_when_ops_retry_it(
    queue_email, flaky_provider, private_broker, django_capture_on_commit_callbacks
):
    flaky_provider.VOC_TEST_EMAIL_FAILURE_STATUS = 401  # e.g. a wrong API key: permanent
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 1
    failed = queue_email()
    sent = queue_email()
    assert services.outbound_email_send(email_id=failed.pk).status == Status.FAILED
    services.outbound_email_send(email_id=sent.pk)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.outbound_email_requeue(email_ids=[failed.pk, sent.pk])
    assert moved == 1  # the sent one is left alone
    assert published_send_tasks(private_broker.url) == [failed.pk]
    result = services.outbound_email_send(email_id=failed.pk)
    assert (result.status, result.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 2
