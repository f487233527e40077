"""End to end with a REAL Celery worker and beat (subprocesses), a private Redis and PostgreSQL.

The worker sends through anymail's test backend, extended to record every accepted email in a file
(tests.support.flaky_backend.RecordingEmailBackend): that is how these tests count what went out.
"""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.models import Category, Message, Status
from tests.support.celery_worker import celery_processes, wait_until
from tests.support.flaky_backend import recorded_emails
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import EmailSpec, outbound_email_queue

pytestmark = pytest.mark.e2e
RECORDING = "tests.support.flaky_backend.RecordingEmailBackend"
FLAKY = "tests.support.flaky_backend.FlakyEmailBackend"


def _status(email: OutboundEmail) -> str:
    email.refresh_from_db()
    return email.status


def _sent_copies(email_log, email: OutboundEmail) -> list[dict]:
    return [r for r in recorded_emails(email_log) if r["message_id"] == email.message_id]


def test_reply_is_kept_and_emailed_once_when_redis_was_down_at_reply_time(
    e2e_redis, test_database_name, email_log, developer, customer, client
):
    inquiry = inquiry_services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="Crash on start",
        body="The app closes after the logo.",
    )
    e2e_redis.stop()
    client.force_login(developer.user)

    started = time.monotonic()
    response = client.post(
        reverse("inquiries:reply", kwargs={"pk": inquiry.pk}),
        {"body": "Version 2.1 fixes the crash."},
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 10, f"the reply took {elapsed:.1f}s with the broker down"
    reply = Message.objects.get(inquiry=inquiry, author_kind=Message.Author.DEVELOPER)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    email = reply.email
    assert email.status == OutboundEmail.Status.QUEUED

    e2e_redis.start()  # back, empty: the publish was lost with the outage
    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        beat=True,
        VOC_TEST_EMAIL_BACKEND=RECORDING,
        VOC_TEST_EMAIL_LOG=str(email_log),
        VOC_EMAIL_REDRIVE_EVERY_SECONDS="1",
        VOC_EMAIL_REDRIVE_GRACE_SECONDS="0",
    ):
        assert wait_until(lambda: _status(email) == OutboundEmail.Status.SENT, timeout=30)
        time.sleep(2.5)  # beat keeps running the re-drive: still nothing is sent twice

    email.refresh_from_db()
    assert email.provider_message_id != ""
    copies = _sent_copies(email_log, email)
    assert len(copies) == 1
    assert copies[0]["to"] == [customer.user.email]
    assert "Version 2.1 fixes the crash." in copies[0]["body"]


def test_provider_error_is_retried_and_customer_gets_one_email_with_real_worker(
    e2e_redis, test_database_name, email_log
):
    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        VOC_TEST_EMAIL_BACKEND=FLAKY,
        VOC_TEST_EMAIL_FAILURES="2",
        VOC_TEST_EMAIL_FAILURE_STATUS="503",
        VOC_TEST_EMAIL_LOG=str(email_log),
        VOC_EMAIL_RETRY_BASE_SECONDS="0.5",
    ):
        # Committed (autocommit): published to the worker at once.
        email = outbound_email_queue(
            spec=EmailSpec(
                kind="test",
                template="plain",
                to_email="customer@example.com",
                dedupe_key="e2e-flaky",
                context={"subject": "Your reply", "body": "Hello from the developer"},
            )
        )
        assert wait_until(lambda: _status(email) == OutboundEmail.Status.SENT, timeout=30)

    email.refresh_from_db()
    assert email.attempts == 3  # two 503s, then accepted
    assert email.last_error == ""
    assert len(_sent_copies(email_log, email)) == 1


def test_row_stuck_in_sending_is_sent_once_when_beat_redrives_it(
    e2e_redis, test_database_name, email_log
):
    email = outbound_email_queue(
        spec=EmailSpec(
            kind="test",
            template="plain",
            to_email="customer@example.com",
            dedupe_key="e2e-stuck",
            context={"subject": "Stuck", "body": "A worker died holding this"},
        )
    )
    # A worker claimed it ten minutes ago and died: no task for it is left in the broker.
    e2e_redis.stop()
    e2e_redis.start()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now() - timedelta(minutes=10),
        attempts=1,
    )
    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        beat=True,
        VOC_TEST_EMAIL_BACKEND=RECORDING,
        VOC_TEST_EMAIL_LOG=str(email_log),
        VOC_EMAIL_REDRIVE_EVERY_SECONDS="1",
    ):
        assert wait_until(lambda: _status(email) == OutboundEmail.Status.SENT, timeout=30)
        time.sleep(2.5)

    email.refresh_from_db()
    assert email.attempts == 2
    assert len(_sent_copies(email_log, email)) == 1
