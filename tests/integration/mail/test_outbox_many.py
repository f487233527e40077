"""outbound_email_queue_many and its batch send task: the single path's guarantees, set-based."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support import flaky_backend
from tests.support.broker import published_send_many_tasks, published_send_tasks
from voc_portal.mail import services
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many
from voc_portal.mail.tasks import outbound_email_send_many_task

Status = OutboundEmail.Status
pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _spec(key: str, **overrides) -> EmailSpec:
    values = {
        "kind": "test",
        "template": "plain",
        "to_email": f"{key}@example.com",
        "dedupe_key": f"many:{key}",
        "context": {"subject": f"Subject {key}", "body": f"Hello {key}"},
    }
    return EmailSpec(**{**values, **overrides})


def _ids(*keys: str) -> list[int]:
    rows = OutboundEmail.objects.filter(dedupe_key__in=[f"many:{k}" for k in keys])
    return sorted(rows.values_list("pk", flat=True))


def test_queue_many_stores_each_dedupe_key_once_when_keys_overlap():
    first = [_spec("a"), _spec("b"), _spec("a", to_email="x@example.com")]
    assert outbound_email_queue_many(specs=first) == 2
    assert OutboundEmail.objects.count() == 2
    # Keys already stored add nothing and change nothing; only "c" is new.
    again = [_spec("b", to_email="other@example.com"), _spec("a"), _spec("c")]
    assert outbound_email_queue_many(specs=again) == 1
    stored = dict(OutboundEmail.objects.values_list("dedupe_key", "to_email"))
    assert stored == {
        "many:a": "a@example.com",  # the first spec of a repeated key wins, as with the single path
        "many:b": "b@example.com",
        "many:c": "c@example.com",
    }
    assert outbound_email_queue_many(specs=[]) == 0


def test_queue_many_stores_the_same_row_as_queue_when_given_the_same_spec(settings):
    shared = {"references": ["<a@x>", "<b@x>"], "reply_to": "r@example.com", "language": "ko"}
    shared["context"] = {"subject": "Same", "body": "Same body"}
    outbound_email_queue_many(specs=[_spec("same", to_email="x@example.com", **shared)])
    many = OutboundEmail.objects.get(dedupe_key="many:same")
    single = services.outbound_email_queue(spec=_spec("single", to_email="x@example.com", **shared))
    fields = ["kind", "to_email", "language", "from_email", "reply_to", "subject", "body_text"]
    fields += ["body_html", "headers", "status", "attempts"]
    assert [getattr(many, f) for f in fields] == [getattr(single, f) for f in fields]
    assert many.headers == {"In-Reply-To": "<b@x>", "References": "<a@x> <b@x>"}
    assert many.status == Status.QUEUED and many.next_attempt_at <= timezone.now()
    assert many.message_id.endswith(f"@{settings.VOC_REPLY_DOMAIN}>")


def test_queue_many_stores_and_sends_nothing_when_transaction_rolls_back(
    private_broker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        outbound_email_queue_many(specs=[_spec("r1"), _spec("r2")])
        raise Boom
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert published_send_many_tasks(private_broker.url) == []
    assert mail.outbox == []


def test_queue_many_publishes_exactly_one_batch_task_when_transaction_commits(
    private_broker, django_capture_on_commit_callbacks
):
    outbound_email_queue_many(specs=[_spec("old")])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        new = outbound_email_queue_many(specs=[_spec("old"), *(_spec(f"c{n}") for n in range(5))])
    assert new == 5
    assert len(callbacks) == 1
    # One message with the new rows only; nothing per email.
    assert published_send_many_tasks(private_broker.url) == [_ids(*(f"c{n}" for n in range(5)))]
    assert published_send_tasks(private_broker.url) == []


def test_queue_many_publishes_nothing_when_every_key_is_stored(
    private_broker, django_capture_on_commit_callbacks
):
    outbound_email_queue_many(specs=[_spec("k1"), _spec("k2")])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert outbound_email_queue_many(specs=[_spec("k2"), _spec("k1")]) == 0
    assert callbacks == []
    assert published_send_many_tasks(private_broker.url) == []


def test_queue_many_uses_one_query_when_given_50_specs():
    with CaptureQueriesContext(connection) as five:
        outbound_email_queue_many(specs=[_spec(f"q{n}") for n in range(5)])
    with CaptureQueriesContext(connection) as fifty:
        outbound_email_queue_many(specs=[_spec(f"w{n}") for n in range(50)])
    assert len(five) == len(fifty) == 1
    assert OutboundEmail.objects.count() == 55


def test_queue_many_rows_stay_queued_when_broker_is_down(
    private_broker, django_capture_on_commit_callbacks
):
    private_broker.stop()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbound_email_queue_many(specs=[_spec("d1"), _spec("d2")])
    assert time.monotonic() - started < 10
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {Status.QUEUED}
    # Redis is back, the publish was lost: the re-drive hands each row over.
    private_broker.start()
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.outbound_email_redrive() == 2
    assert sorted(published_send_tasks(private_broker.url)) == _ids("d1", "d2")


def test_batch_task_sends_each_row_once_when_run_twice():
    outbound_email_queue_many(specs=[_spec(f"s{n}") for n in range(3)])
    ids = _ids("s0", "s1", "s2")
    outbound_email_send_many_task.run(ids)
    outbound_email_send_many_task.run(ids)  # a redelivery or a re-drive: claims say no
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@example.com" for n in range(3)]
    rows = OutboundEmail.objects.filter(pk__in=ids)
    assert {(r.status, r.attempts) for r in rows} == {(Status.SENT, 1)}


def test_batch_task_sends_the_others_when_one_row_fails_transiently(flaky_provider, private_broker):
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 1  # the first send answers 503
    outbound_email_queue_many(specs=[_spec(f"f{n}") for n in range(3)])
    first, *others = _ids("f0", "f1", "f2")

    outbound_email_send_many_task.run([first, *others])

    failed = OutboundEmail.objects.get(pk=first)
    assert (failed.status, failed.attempts) == (Status.QUEUED, 1)
    assert "503" in failed.last_error
    assert sorted(m.to[0] for m in mail.outbox) == ["f1@example.com", "f2@example.com"]
    # The failed row goes on alone, with the single task and its backoff, as the single path does.
    assert published_send_tasks(private_broker.url) == [first]
    assert published_send_many_tasks(private_broker.url) == []
    assert services.outbound_email_send(email_id=first).status == Status.SENT
    assert flaky_backend.calls() == 4
    assert sorted(m.to[0] for m in mail.outbox) == [f"f{n}@example.com" for n in range(3)]


def test_batch_task_hands_the_rest_to_a_new_batch_when_its_time_budget_runs_out(
    settings, private_broker
):
    settings.VOC_EMAIL_SEND_MANY_BUDGET_SECONDS = 0
    outbound_email_queue_many(specs=[_spec(f"b{n}") for n in range(3)])
    first, *rest = _ids("b0", "b1", "b2")
    outbound_email_send_many_task.run([first, *rest])
    # At least one send per task, so a batch always makes progress.
    assert [m.to[0] for m in mail.outbox] == ["b0@example.com"]
    assert published_send_many_tasks(private_broker.url) == [rest]
    assert OutboundEmail.objects.filter(pk__in=rest, status=Status.QUEUED).count() == 2
