"""Sending one row, at its edges: what is re-enqueued, when a row stays in doubt, what goes out
(HTML part, sender) and what is recorded (the provider's id for our recipient, cut to its
column; the error, cut) (tests/mutation/config.toml)."""

import logging

import pytest
import requests
from django.core import mail

from tests.support import flaky_backend
from voc_portal.mail import dispatch, services
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


@pytest.fixture
def published(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(dispatch, "enqueue_send", lambda pk, **kw: sent.append(pk))
    return sent


@pytest.fixture
def raising_provider(settings):
    settings.EMAIL_BACKEND = "tests.support.flaky_backend.RaisingEmailBackend"
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 0
    return settings


def test_only_a_row_put_back_in_the_queue_is_re_enqueued(queue_email, flaky_provider, published):
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 0
    sent = services.outbound_email_send_and_reschedule(email_id=queue_email().pk)
    assert sent.status == Status.SENT

    flaky_backend.reset()
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 1
    flaky_provider.VOC_TEST_EMAIL_FAILURE_STATUS = 400  # permanent: the row fails at once
    failed = services.outbound_email_send_and_reschedule(email_id=queue_email().pk)

    assert failed.status == Status.FAILED
    assert published == []


def test_a_provider_answer_clears_the_doubt_a_timeout_keeps_it(queue_email, flaky_provider):
    # 503: the provider answered, so it did not take the message; no lookup before the retry.
    answered = services.outbound_email_send(email_id=queue_email().pk)
    assert (answered.status, answered.in_doubt_since) == (Status.QUEUED, None)

    # A read timeout: the provider may have taken it; the next attempt asks before resending.
    flaky_provider.EMAIL_BACKEND = "tests.support.flaky_backend.RaisingEmailBackend"
    flaky_provider.VOC_TEST_EMAIL_ERROR = requests.ReadTimeout("read timed out")
    unknown = services.outbound_email_send(email_id=queue_email().pk)
    assert unknown.status == Status.QUEUED
    assert unknown.in_doubt_since is not None


def test_the_log_says_when_the_outcome_is_unknown_and_the_last_failure_is_an_error(
    queue_email, raising_provider, caplog
):
    raising_provider.VOC_EMAIL_MAX_ATTEMPTS = 2
    raising_provider.VOC_TEST_EMAIL_ERROR = requests.ReadTimeout("read timed out")
    email = queue_email()
    with caplog.at_level(logging.WARNING, logger="voc_portal.mail.services.send"):
        services.outbound_email_send(email_id=email.pk)  # attempt 1 of 2: retried
        raising_provider.VOC_TEST_EMAIL_ERROR = requests.ConnectTimeout("no connection")
        OutboundEmail.objects.filter(pk=email.pk).update(in_doubt_since=None)
        services.outbound_email_send(email_id=email.pk)  # attempt 2 of 2: failed

    first, last = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert first[0] == logging.WARNING
    assert "outcome unknown" in first[1]
    assert last[0] == logging.ERROR
    assert "outcome unknown" not in last[1]  # a connection never made: nothing was sent


def test_the_html_part_goes_out_only_when_the_row_has_one(queue_email):
    with_html = queue_email()
    OutboundEmail.objects.filter(pk=with_html.pk).update(body_html="<p>Hello</p>")
    plain = queue_email()
    OutboundEmail.objects.filter(pk=plain.pk).update(body_html="")

    services.outbound_email_send(email_id=with_html.pk)
    services.outbound_email_send(email_id=plain.pk)

    assert [m.alternatives for m in mail.outbox] == [[("<p>Hello</p>", "text/html")], []]


def test_the_row_s_sender_is_used_and_the_default_only_without_one(queue_email, settings):
    own = queue_email()
    OutboundEmail.objects.filter(pk=own.pk).update(from_email="Team <team@dev.example>")
    default = queue_email()
    OutboundEmail.objects.filter(pk=default.pk).update(from_email="")

    services.outbound_email_send(email_id=own.pk)
    services.outbound_email_send(email_id=default.pk)

    senders = [m.from_email for m in mail.outbox]
    assert senders == ["Team <team@dev.example>", settings.DEFAULT_FROM_EMAIL]


def test_the_provider_id_recorded_is_the_one_for_our_recipient(queue_email, settings):
    """Tracking webhooks and the in-doubt lookup find the row by this id. The provider also
    answers for 30 other addresses (30 other ids), so a wrong pick is all but certain to show."""
    settings.EMAIL_BACKEND = "tests.support.flaky_backend.RecipientIdsEmailBackend"
    others = {f"bcc{n}@example.com": f"theirs-{n}" for n in range(30)}
    settings.VOC_TEST_EMAIL_RECIPIENT_IDS = {**others, "bob@example.com": "ours"}
    lower_cased = queue_email(to_email="Bob@Example.com")  # the provider lower-cased the key
    assert services.outbound_email_send(email_id=lower_cased.pk).provider_message_id == "ours"

    settings.VOC_TEST_EMAIL_RECIPIENT_IDS = {**others, "Ann@Example.com": "a1"}
    as_sent = queue_email(to_email="Ann@Example.com")  # the provider kept our spelling
    assert services.outbound_email_send(email_id=as_sent.pk).provider_message_id == "a1"


def test_a_provider_id_longer_than_its_column_is_cut_not_refused(queue_email, settings):
    settings.EMAIL_BACKEND = "tests.support.flaky_backend.RecipientIdsEmailBackend"
    long_id = "".join(f"{n:03d}" for n in range(100))  # 300 characters, every cut visible
    settings.VOC_TEST_EMAIL_RECIPIENT_IDS = {"someone@example.com": long_id}

    sent = services.outbound_email_send(email_id=queue_email().pk)

    assert (sent.status, sent.provider_message_id) == (Status.SENT, long_id[:250])


def test_the_stored_error_is_cut_to_2000_characters(queue_email, raising_provider):
    detail = "".join(f"{n:04d}" for n in range(1500))  # 6000 characters, every cut visible
    raising_provider.VOC_TEST_EMAIL_ERROR = requests.ConnectTimeout(detail)

    failed = services.outbound_email_send(email_id=queue_email().pk)

    assert failed.last_error == f"ConnectTimeout: {detail}"[:2000]
