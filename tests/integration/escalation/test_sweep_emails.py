"""The sweep queues its emails set-based: queries and publishes do not grow with the due rows."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_claim, inquiry_escalation_sweep
from tests.factories import MembershipFactory
from tests.factories.refunds import awaiting_inquiry
from voc_portal.mail import dispatch as services
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def publishes(monkeypatch):
    """What would be published after commit: batches (lists of ids) and single ids."""
    sent = {"many": [], "single": []}
    monkeypatch.setattr(services, "enqueue_send_many", lambda ids: sent["many"].append(ids))
    monkeypatch.setattr(services, "enqueue_send", lambda pk, **kw: sent["single"].append(pk))
    return sent


def _sweep_queries(developer, customer, *, due: int) -> int:
    for _ in range(due):
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    with CaptureQueriesContext(connection) as queries:
        assert inquiry_escalation_sweep(batch_size=500) == due
    return len(queries)


def test_sweep_queries_do_not_grow_when_more_inquiries_are_due(developer, customer, settings):
    settings.VOC_OPS_EMAIL = "ops@store.example"
    MembershipFactory(account=developer.account)  # two members to email per escalation

    assert _sweep_queries(developer, customer, due=2) == _sweep_queries(developer, customer, due=12)
    assert OutboundEmail.objects.filter(kind="inquiry_escalated").count() == 28


def test_sweep_publishes_one_batch_per_claimed_batch_when_members_are_emailed(
    developer, customer, settings, publishes, django_capture_on_commit_callbacks
):
    settings.VOC_OPS_EMAIL = "ops@store.example"
    MembershipFactory(account=developer.account)
    for _ in range(5):
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        assert inquiry_escalation_sweep(batch_size=3) == 5

    members = OutboundEmail.objects.filter(kind="inquiry_escalated").order_by("pk")
    digests = list(
        OutboundEmail.objects.filter(kind="ops_escalation_digest")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(members.values_list("pk", flat=True))
    # Two claimed batches (3 + 2 inquiries, two members each), each with its own ops digest
    # written in the batch's transaction (it used to be one digest after the sweep, lost when the
    # sweep died between batches).
    assert publishes["many"] == [ids[:6], [digests[0]], ids[6:], [digests[1]]]
    assert publishes["single"] == []


def test_claim_takes_at_most_batch_size_when_more_are_due(developer, customer):
    for _ in range(5):
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    with transaction.atomic():
        first = inquiry_escalation_claim(now=timezone.now(), batch_size=3)
        second = inquiry_escalation_claim(now=timezone.now(), batch_size=3)

    assert (len(first), len(second)) == (3, 2)
    assert not {r["id"] for r in first} & {r["id"] for r in second}
