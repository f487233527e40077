"""Ambiguous sends are looked up at the provider before any resend (the fake Mailgun's events
API), and the mark-sent survives a database hiccup."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from tests.support.mailgun_server import FakeMailgun, Faults
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import EmailSpec, outbound_email_queue, outbound_email_send
from voc_portal.mail.services import reconcile as reconcile_module

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


@pytest.fixture
def mailgun(settings):
    fake = FakeMailgun().start()
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "MAILGUN_API_URL": fake.api_url,
        "MAILGUN_API_KEY": fake.api_key,
        "MAILGUN_SENDER_DOMAIN": "mg.voc.example",
        "REQUESTS_TIMEOUT": 0.5,
    }
    settings.VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS = 0
    yield fake
    fake.stop()


def _queue(n: int = 1) -> OutboundEmail:
    spec = EmailSpec(
        kind="test",
        template="plain",
        to_email="someone@example.com",
        dedupe_key=f"reconcile:{n}",
        context={"subject": "Hi", "body": "Hello"},
    )
    return outbound_email_queue(spec=spec)


def _due_again(email: OutboundEmail) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


@pytest.mark.parametrize(
    "faults",
    [Faults(slow_rate=1.0, slow_seconds=1.5), Faults(reset_rate=1.0)],
    ids=["slow", "reset"],
)
def test_ambiguous_send_is_not_resent_when_provider_had_accepted_it(mailgun, faults):
    email = _queue()
    mailgun.reset(faults)

    first = outbound_email_send(email_id=email.pk)
    assert first.status == Status.QUEUED and first.in_doubt_since is not None
    mailgun.faults = Faults()
    _due_again(email)
    second = outbound_email_send(email_id=email.pk)

    assert second.status == Status.SENT and second.in_doubt_since is None
    assert mailgun.accepted == [email.message_id.strip("<>")]  # one copy
    assert mailgun.lookups == 1


def test_in_doubt_row_is_resent_with_same_message_id_when_provider_has_no_record(mailgun):
    email = _queue()
    long_ago = timezone.now() - timedelta(minutes=10)
    OutboundEmail.objects.filter(pk=email.pk).update(in_doubt_since=long_ago)

    sent = outbound_email_send(email_id=email.pk)

    assert sent.status == Status.SENT
    assert mailgun.accepted == [email.message_id.strip("<>")]
    assert mailgun.lookups == 1


def test_in_doubt_row_waits_when_provider_no_is_too_fresh_to_trust(mailgun, settings):
    settings.VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS = 60
    email = _queue()
    OutboundEmail.objects.filter(pk=email.pk).update(in_doubt_since=timezone.now())

    waiting = outbound_email_send(email_id=email.pk)

    assert waiting.status == Status.QUEUED and waiting.in_doubt_since is not None
    assert mailgun.accepted == []


def test_definite_provider_error_clears_doubt_when_provider_answered_503(mailgun):
    email = _queue()
    mailgun.reset(Faults(error_rate=1.0, error_status=503))

    failed = outbound_email_send(email_id=email.pk)

    assert failed.status == Status.QUEUED and failed.in_doubt_since is None


def test_mark_sent_is_retried_when_database_drops_the_first_write(mailgun, monkeypatch, settings):
    settings.VOC_EMAIL_MARK_SENT_RETRY_SECONDS = 5
    email = _queue()
    real = reconcile_module._mark_sent_once
    calls = []

    def flaky(email, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(email, **kwargs)

    monkeypatch.setattr(reconcile_module, "_mark_sent_once", flaky)
    monkeypatch.setattr(reconcile_module.connection, "close", lambda: None)  # test transaction

    sent = outbound_email_send(email_id=email.pk)

    assert sent.status == Status.SENT and len(calls) == 2
    assert len(mailgun.accepted) == 1


def test_in_doubt_row_is_resent_when_backend_has_no_lookup(settings):
    # anymail's test backend (conftest): nobody to ask, so an in-doubt row goes out again.
    email = _queue()
    OutboundEmail.objects.filter(pk=email.pk).update(in_doubt_since=timezone.now())

    assert outbound_email_send(email_id=email.pk).status == Status.SENT
