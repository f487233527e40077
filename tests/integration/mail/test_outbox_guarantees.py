"""The outbox's promises at their edges: one-line subjects, the attempt limit, the claim's
conditions, every new row published after commit (tests/mutation/config.toml)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from voc_portal.mail import dispatch, services
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many, retry_delay

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def _spec(key: str, subject: str = "Hi") -> EmailSpec:
    return EmailSpec(
        kind="test",
        template="plain",
        to_email=f"{key}@example.com",
        dedupe_key=key,
        context={"subject": subject, "body": "Hello"},
    )


@pytest.fixture
def published(monkeypatch):
    """The ids handed to workers (dispatch's publish), without a broker."""
    sent: list[list[int]] = []
    monkeypatch.setattr(dispatch, "enqueue_send", lambda pk, **kw: sent.append([pk]))
    monkeypatch.setattr(dispatch, "enqueue_send_many", lambda ids: sent.append(list(ids)))
    return sent


def test_subject_never_carries_a_line_break_into_the_headers(queue_email):
    email = queue_email(subject="Refund\r\nBcc: victim@example.com\n  now")

    assert email.subject == "Refund Bcc: victim@example.com now"
    services.outbound_email_send(email_id=email.pk)
    assert OutboundEmail.objects.get(pk=email.pk).status == Status.SENT


def test_subject_is_cut_to_255_characters(queue_email):
    assert len(queue_email(subject="x" * 300).subject) == 255


def test_each_row_queued_in_one_transaction_is_published_after_commit(
    django_capture_on_commit_callbacks, published
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        single = [services.outbound_email_queue(spec=_spec(f"one-{n}")) for n in range(3)]
        assert published == []
    assert sorted(published) == sorted([e.pk] for e in single)


def test_queue_many_publishes_every_new_id_across_chunks(
    django_capture_on_commit_callbacks, published, monkeypatch
):
    monkeypatch.setattr(services.queue, "QUEUE_MANY_CHUNK", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_email_queue_many(specs=[_spec(f"many-{n}") for n in range(5)]) == 5

    ids = sorted(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(ids) == 5
    assert [sorted(batch) for batch in published] == [ids]


def test_queue_many_publishes_nothing_when_nothing_is_new(
    django_capture_on_commit_callbacks, published
):
    services.outbound_email_queue(spec=_spec("seen"))
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_email_queue_many(specs=[_spec("seen")]) == 0
    assert published == []


def test_claim_refuses_a_row_that_used_its_last_attempt(queue_email, settings):
    settings.VOC_EMAIL_MAX_ATTEMPTS = 3
    email = queue_email()
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=3)
    assert services.outbound_email_claim(email_id=email.pk) is None

    OutboundEmail.objects.filter(pk=email.pk).update(attempts=2)
    claimed = services.outbound_email_claim(email_id=email.pk)
    assert (claimed.status, claimed.attempts) == (Status.SENDING, 3)
    assert claimed.claimed_at is not None


def test_claim_waits_for_the_backoff_and_for_the_lease(queue_email, settings):
    email = queue_email()
    now = timezone.now()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=now + timedelta(minutes=1))
    assert services.outbound_email_claim(email_id=email.pk) is None

    lease = timedelta(seconds=settings.VOC_EMAIL_SENDING_LEASE_SECONDS)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=now - lease + timedelta(minutes=1)
    )
    assert services.outbound_email_claim(email_id=email.pk) is None
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_at=now - lease - timedelta(seconds=1))
    assert services.outbound_email_claim(email_id=email.pk).attempts == 1


def test_transient_failure_backs_off_and_the_last_attempt_fails(
    queue_email, flaky_provider, settings
):
    settings.VOC_EMAIL_MAX_ATTEMPTS = 2
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 100
    settings.VOC_TEST_EMAIL_FAILURES = 5
    email = queue_email()
    before = timezone.now()

    first = services.outbound_email_send(email_id=email.pk)
    assert first.status == Status.QUEUED
    assert first.claimed_at is None
    assert "503" in first.last_error or "Anymail" in first.last_error
    wait = first.next_attempt_at - before
    assert timedelta(seconds=79) < wait < timedelta(seconds=121)

    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    second = services.outbound_email_send(email_id=email.pk)
    assert (second.status, second.attempts) == (Status.FAILED, 2)


@pytest.mark.parametrize(("attempts", "low", "high"), [(0, 8, 12), (1, 8, 12), (3, 32, 48)])
def test_retry_delay_doubles_per_attempt(settings, attempts, low, high):
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 10
    settings.VOC_EMAIL_RETRY_MAX_SECONDS = 1000
    assert timedelta(seconds=low) <= retry_delay(attempts) <= timedelta(seconds=high)


def test_retry_delay_is_capped(settings):
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 10
    settings.VOC_EMAIL_RETRY_MAX_SECONDS = 60
    assert retry_delay(10) <= timedelta(seconds=72)


def _in_doubt(email):
    OutboundEmail.objects.filter(pk=email.pk).update(
        in_doubt_since=timezone.now() - timedelta(minutes=5), provider_message_id="prov-1"
    )


def test_in_doubt_row_accepted_by_the_provider_is_marked_sent_not_resent(queue_email, monkeypatch):
    from django.core import mail

    email = queue_email()
    _in_doubt(email)
    monkeypatch.setattr(services.send, "reconcile", lambda row: True)

    sent = services.outbound_email_send(email_id=email.pk)

    assert (sent.status, sent.provider_message_id) == (Status.SENT, "prov-1")
    assert mail.outbox == []


def test_in_doubt_row_the_provider_cannot_tell_about_waits(queue_email, monkeypatch, settings):
    from django.core import mail

    settings.VOC_EMAIL_MAX_ATTEMPTS = 2
    email = queue_email()
    _in_doubt(email)
    monkeypatch.setattr(services.send, "reconcile", lambda row: None)

    first = services.outbound_email_send(email_id=email.pk)
    assert (first.status, first.in_doubt_since is not None) == (Status.QUEUED, True)
    assert "outcome unknown" in first.last_error
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert services.outbound_email_send(email_id=email.pk).status == Status.FAILED
    assert mail.outbox == []


def test_in_doubt_row_unknown_to_the_provider_is_resent_once(queue_email, monkeypatch):
    from django.core import mail

    email = queue_email()
    _in_doubt(email)
    monkeypatch.setattr(services.send, "reconcile", lambda row: False)

    sent = services.outbound_email_send(email_id=email.pk)

    assert sent.status == Status.SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [email.message_id]
    assert sent.provider_message_id not in ("", "prov-1")


def test_send_many_always_tries_the_first_row_and_hands_back_the_rest_when_out_of_time(
    queue_email,
):
    ids = [queue_email().pk for _ in range(3)]

    assert services.outbound_email_send_many(email_ids=ids, budget_seconds=0) == ids[1:]
    assert services.outbound_email_send_many(email_ids=ids[1:], budget_seconds=60) == []
    statuses = OutboundEmail.objects.filter(pk__in=ids).values_list("status", flat=True)
    assert set(statuses) == {Status.SENT}


def test_row_put_back_by_a_transient_error_is_re_enqueued_for_its_backoff(
    queue_email, flaky_provider, published
):
    flaky_provider.VOC_EMAIL_RETRY_BASE_SECONDS = 100
    email = queue_email()
    published.clear()

    again = services.outbound_email_send_and_reschedule(email_id=email.pk)

    assert again.status == Status.QUEUED
    assert published == [[email.pk]]
    assert services.outbound_email_send_and_reschedule(email_id=email.pk) is None  # backoff
    assert published == [[email.pk]]


def test_retry_delay_jitter_stays_within_20_percent_and_spreads(settings):
    """Workers that failed together must not retry in lockstep, nor much later than planned."""
    settings.VOC_EMAIL_RETRY_BASE_SECONDS = 100
    settings.VOC_EMAIL_RETRY_MAX_SECONDS = 1000
    delays = [retry_delay(1).total_seconds() for _ in range(300)]
    assert min(delays) >= 80 and max(delays) <= 120
    assert max(delays) - min(delays) > 20
