"""End to end: a batch queued with outbound_email_queue_many, sent by a REAL Celery worker."""

import pytest

from tests.support.celery_worker import celery_processes, wait_until
from tests.support.flaky_backend import recorded_emails
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many

pytestmark = pytest.mark.e2e
FLAKY = "tests.support.flaky_backend.FlakyEmailBackend"


def test_batch_is_sent_once_per_row_when_provider_fails_some_sends_with_real_worker(
    e2e_redis, test_database_name, email_log
):
    specs = [
        EmailSpec(
            kind="test",
            template="plain",
            to_email=f"member{n}@example.com",
            dedupe_key=f"e2e-batch:{n}",
            context={"subject": f"Escalated {n}", "body": "Please answer"},
        )
        for n in range(4)
    ]
    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        VOC_TEST_EMAIL_BACKEND=FLAKY,
        VOC_TEST_EMAIL_FAILURES="2",
        VOC_TEST_EMAIL_FAILURE_STATUS="503",
        VOC_TEST_EMAIL_LOG=str(email_log),
        VOC_EMAIL_RETRY_BASE_SECONDS="0.5",
    ):
        # Committed (autocommit): one batch task is published to the worker at once.
        assert outbound_email_queue_many(specs=specs) == 4
        rows = OutboundEmail.objects.filter(dedupe_key__startswith="e2e-batch:")
        assert wait_until(
            lambda: rows.filter(status=OutboundEmail.Status.SENT).count() == 4, timeout=30
        )

    # Two 503s (re-sent alone after their backoff), every row accepted exactly once.
    assert sum(rows.values_list("attempts", flat=True)) == 6
    sent = [r["message_id"] for r in recorded_emails(email_log)]
    assert sorted(sent) == sorted(rows.values_list("message_id", flat=True))
