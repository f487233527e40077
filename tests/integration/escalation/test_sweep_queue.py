"""The sweep's queue of running clocks (inquiries.escalation_queue), its HOT update and its
statements: constant per batch whatever the number of due inquiries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep, inquiry_escalation_sweep_detailed
from inquiries.models import EscalationDue, Inquiry, InquiryEvent
from inquiries.services import inquiry_customer_followup, inquiry_reply
from tests.factories import MembershipFactory, PurchaseFactory
from tests.factories.refunds import awaiting_inquiry
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _queued() -> dict[int, int]:
    return dict(EscalationDue.objects.values_list("inquiry_id", "clock"))


def test_running_clock_is_queued_with_its_deadline_when_an_inquiry_is_created(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=HOUR)

    row = EscalationDue.objects.get()
    assert (row.inquiry_id, row.clock, row.due_at) == (inquiry.pk, 1, inquiry.due_at)


def test_queue_follows_the_deadline_when_a_bare_update_moves_it(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=HOUR)
    moved = timezone.now() - HOUR

    Inquiry.objects.filter(pk=inquiry.pk).update(due_at=moved)

    assert EscalationDue.objects.get().due_at == moved
    assert inquiry_escalation_sweep() == 1
    assert not EscalationDue.objects.exists()


def test_answered_clock_is_dropped_unescalated_when_it_falls_due(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    inquiry_reply(inquiry=inquiry, author=developer.user, body="Refunded, sorry for the wait.")
    assert _queued() == {inquiry.pk: 1}  # only the sweep deletes

    assert inquiry_escalation_sweep() == 0

    assert not EscalationDue.objects.exists()
    assert not InquiryEvent.objects.filter(kind=InquiryEvent.Kind.ESCALATED).exists()
    inquiry.refresh_from_db()
    assert inquiry.escalated_at is None


def test_new_clock_is_queued_again_when_the_customer_writes_after_an_escalation(
    developer, customer
):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    assert inquiry_escalation_sweep() == 1
    assert _queued() == {}
    inquiry.refresh_from_db()
    inquiry_reply(inquiry=inquiry, author=developer.user, body="Looking into it.")

    inquiry_customer_followup(inquiry=inquiry, customer=customer, body="Still charged twice.")

    inquiry.refresh_from_db()
    assert inquiry.clock == 2 and inquiry.escalated_at is None
    assert _queued() == {inquiry.pk: 2}
    assert EscalationDue.objects.get().due_at == inquiry.due_at


def test_sweep_keeps_going_when_a_whole_batch_was_answered_since(developer, customer):
    answered = [
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-2 * HOUR) for _ in range(3)
    ]
    for inquiry in answered:
        inquiry_reply(inquiry=inquiry, author=developer.user, body="Done.")
    still_due = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    result = inquiry_escalation_sweep_detailed(batch_size=2)

    assert result.escalated == 1
    assert list(InquiryEvent.objects.filter(kind="escalated").values_list("inquiry_id", flat=True))
    assert InquiryEvent.objects.get(kind="escalated").inquiry_id == still_due.pk
    assert not EscalationDue.objects.exists()


def test_no_index_of_inquiries_names_escalated_at_so_escalating_stays_hot(developer, customer):
    """The sweep's UPDATE writes escalated_at only: with it in no index (key, INCLUDE or
    predicate), PostgreSQL keeps the new row version on its page and writes no index entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index x"
            " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attname = 'escalated_at'"
            " WHERE x.indrelid = 'inquiries_inquiry'::regclass"
            " AND (a.attnum = ANY (x.indkey)"
            "  OR pg_get_expr(x.indpred, x.indrelid) LIKE '%%escalated_at%%'"
            "  OR pg_get_expr(x.indexprs, x.indrelid) LIKE '%%escalated_at%%')"
        )
        assert cursor.fetchall() == []
    for _ in range(5):
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(c), pg_stat_get_xact_tuples_hot_updated(c)"
            " FROM CAST('inquiries_inquiry'::regclass AS oid) AS c"
        )
        before = cursor.fetchone()

    assert inquiry_escalation_sweep() == 5

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(c), pg_stat_get_xact_tuples_hot_updated(c)"
            " FROM CAST('inquiries_inquiry'::regclass AS oid) AS c"
        )
        updated, hot = cursor.fetchone()
    assert (updated - before[0], hot - before[1]) == (5, 5)


def _sweep_statements(n: int, *, developer, customer, batch_size: int) -> int:
    for _ in range(n):
        purchase = PurchaseFactory(customer=customer, app=developer.app)
        awaiting_inquiry(app=developer.app, customer=customer, purchase=purchase, due_in=-HOUR)
    with CaptureQueriesContext(connection) as queries:
        assert inquiry_escalation_sweep(batch_size=batch_size) == n
    return len(queries)


def test_sweep_statements_are_the_same_when_a_batch_holds_3_or_30_due_inquiries(
    developer, customer
):
    """Per batch: the claim, events, messages, the members, the names, the emails, the pushes'
    devices, and refunds' purchases, cases and digest; never one per inquiry or email."""
    MembershipFactory(account=developer.account)  # two members: two emails per escalation
    few = _sweep_statements(3, developer=developer, customer=customer, batch_size=100)
    assert OutboundEmail.objects.filter(kind="inquiry_escalated").count() == 6

    many = _sweep_statements(30, developer=developer, customer=customer, batch_size=100)

    assert many == few
    assert OutboundEmail.objects.filter(kind="inquiry_escalated").count() == 66
    # Two batches of 15 cost twice one batch, less the members (loaded once per sweep); the
    # sweep ends on one empty claim either way (its savepoint, the claim, the release).
    more = _sweep_statements(30, developer=developer, customer=customer, batch_size=15)
    assert more == 2 * few - 3 - 1


def test_second_sweep_is_one_statement_when_nothing_is_due(developer, customer):
    awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    awaiting_inquiry(app=developer.app, customer=customer, due_in=HOUR)
    assert inquiry_escalation_sweep() == 1

    with CaptureQueriesContext(connection) as queries:
        assert inquiry_escalation_sweep() == 0

    claims = [q for q in queries.captured_queries if "inquiries_escalationdue" in q["sql"]]
    assert len(claims) == 1
    assert len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]) == 1
