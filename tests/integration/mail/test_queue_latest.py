"""Coalesced emails (outbound_email_queue_latest, outbound_email_group_told): a burst of edits
is one email with the latest text, sent once the burst is quiet; once one left, the next change
is a new email; only the same recipient, kind and group coalesce (tests/mutation/config.toml)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from voc_portal.mail import dispatch
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import (
    EmailSpec,
    outbound_email_group_told,
    outbound_email_queue_latest,
)

pytestmark = pytest.mark.django_db

QUIET = timedelta(minutes=2)


def _spec(version: int, *, to="ann@example.com", kind="reply", group="g:1") -> EmailSpec:
    return EmailSpec(
        kind=kind,
        template="plain",
        to_email=to,
        dedupe_key=f"{group}:{version}",
        context={"subject": f"Version {version}", "body": f"Text {version}"},
    )


@pytest.fixture
def published(monkeypatch):
    sent: list[tuple[int, object]] = []
    monkeypatch.setattr(dispatch, "enqueue_send", lambda pk, eta=None: sent.append((pk, eta)))
    return sent


def test_a_burst_is_one_email_with_the_latest_text_sent_after_the_last_edit(
    django_capture_on_commit_callbacks, published
):
    start, later = timezone.now(), timezone.now() + timedelta(minutes=1)
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        last = outbound_email_queue_latest(spec=_spec(2), group="g:1", quiet=QUIET)

    row = OutboundEmail.objects.get()
    assert last.pk == first.pk == row.pk
    assert (row.subject, row.body_text.strip()) == ("Version 2", "Text 2")
    assert row.next_attempt_at == later + QUIET
    assert published == [(row.pk, start + QUIET), (row.pk, row.next_attempt_at)]


@pytest.mark.parametrize(
    "taken", [{"attempts": 1}, {"status": OutboundEmail.Status.SENT}, {"status": "sending"}]
)
def test_once_a_worker_took_it_the_next_change_is_a_new_email(taken, published):
    first = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    OutboundEmail.objects.filter(pk=first.pk).update(**taken)

    second = outbound_email_queue_latest(spec=_spec(2), group="g:1", quiet=QUIET)

    assert second.pk != first.pk
    assert OutboundEmail.objects.get(pk=first.pk).subject == "Version 1"


@pytest.mark.parametrize("other", [{"to": "bob@example.com"}, {"kind": "other"}, {"group": "g:2"}])
def test_only_the_same_recipient_kind_and_group_coalesce(other, published):
    outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    group = other.get("group", "g:1")
    outbound_email_queue_latest(spec=_spec(2, **other), group=group, quiet=QUIET)
    assert OutboundEmail.objects.count() == 2


def test_the_newest_waiting_row_of_the_group_takes_the_change(published):
    older = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    OutboundEmail.objects.filter(pk=older.pk).update(attempts=1)
    newer = outbound_email_queue_latest(spec=_spec(2), group="g:1", quiet=QUIET)
    OutboundEmail.objects.filter(pk=older.pk).update(attempts=0)  # both waiting again

    assert outbound_email_queue_latest(spec=_spec(3), group="g:1", quiet=QUIET).pk == newer.pk


def test_a_dedupe_key_already_stored_is_returned_and_not_published_again(published):
    first = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    OutboundEmail.objects.filter(pk=first.pk).update(status=OutboundEmail.Status.SENT)
    published.clear()

    again = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)

    assert again.pk == first.pk
    assert published == []


def test_the_dedupe_key_must_start_with_the_group():
    with pytest.raises(ValueError, match="start with the group"):
        outbound_email_queue_latest(spec=_spec(1, group="g:10"), group="g:1", quiet=QUIET)


def test_group_told_once_an_email_left_the_outbox_or_is_on_its_way():
    email = outbound_email_queue_latest(spec=_spec(1), group="g:1", quiet=QUIET)
    assert outbound_email_group_told(group="g:1", to_email="ann@example.com") is False

    for taken in ({"attempts": 1}, {"status": OutboundEmail.Status.SENT, "attempts": 0}):
        OutboundEmail.objects.filter(pk=email.pk).update(**taken)
        assert outbound_email_group_told(group="g:1", to_email="ann@example.com") is True
    assert outbound_email_group_told(group="g:1", to_email="bob@example.com") is False
    assert outbound_email_group_told(group="g:2", to_email="ann@example.com") is False
