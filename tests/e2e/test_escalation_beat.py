"""End to end: Celery beat schedules the escalation sweep, a real worker runs it and sends mail."""

from datetime import timedelta

import pytest

from inquiries.models import InquiryEvent
from refunds.models import RefundRequest, Source
from tests.factories.refunds import awaiting_inquiry
from tests.support.celery_worker import celery_processes, wait_until
from tests.support.flaky_backend import recorded_emails
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.e2e
RECORDING = "tests.support.flaky_backend.RecordingEmailBackend"


def test_beat_escalates_a_due_inquiry_once_and_the_worker_emails_the_developer(
    e2e_redis, test_database_name, email_log, developer, purchase
):
    inquiry = awaiting_inquiry(
        app=developer.app,
        customer=purchase.customer,
        purchase=purchase,
        due_in=-timedelta(minutes=5),
    )

    with celery_processes(
        database_name=test_database_name,
        redis_url=e2e_redis.url,
        beat=True,
        VOC_TEST_EMAIL_BACKEND=RECORDING,
        VOC_TEST_EMAIL_LOG=str(email_log),
        VOC_ESCALATION_SWEEP_EVERY_SECONDS="1",
        VOC_REMINDER_SWEEP_EVERY_SECONDS="1",
    ):
        assert wait_until(
            lambda: RefundRequest.objects.filter(inquiry=inquiry).exists(), timeout=40
        )
        escalated = OutboundEmail.objects.filter(kind="inquiry_escalated")
        assert wait_until(
            lambda: escalated.filter(status=OutboundEmail.Status.SENT).exists(), timeout=30
        )
        # Beat keeps firing every second: still one escalation for this clock.
        assert wait_until(lambda: False, timeout=3) is False

    assert (
        InquiryEvent.objects.filter(inquiry=inquiry, kind=InquiryEvent.Kind.ESCALATED).count() == 1
    )
    case = RefundRequest.objects.get(inquiry=inquiry)
    assert (case.source, case.purchase_id) == (Source.ESCALATION, purchase.pk)
    email = escalated.get()
    assert email.to_email == developer.user.email
    sent = [r for r in recorded_emails(email_log) if r["message_id"] == email.message_id]
    assert len(sent) == 1
