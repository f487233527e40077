"""The 3-day rule's edges: exact window bounds, status filters, inactive members, batches.

Each test pins one guarantee of inquiries/escalation.py that a mutant broke unnoticed
(tests/mutation/config.toml runs this file against that module).
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from inquiries.escalation import (
    inquiry_escalation_claim,
    inquiry_escalation_sweep,
    inquiry_escalation_sweep_detailed,
    inquiry_reminder_sweep,
    reminder_windows,
)
from inquiries.models import Inquiry, InquiryEvent, Status
from tests.factories import MembershipFactory
from tests.factories.refunds import awaiting_inquiry
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_send

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
SECOND = datetime.timedelta(seconds=1)
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _reminded():
    return sorted(
        InquiryEvent.objects.filter(kind=InquiryEvent.Kind.REMINDED).values_list(
            "inquiry_id", "data__hours"
        )
    )


def test_reminder_windows_are_24h_to_6h_and_6h_to_0():
    assert reminder_windows() == [(24 * HOUR, 6 * HOUR), (6 * HOUR, datetime.timedelta(0))]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("due_in", "hours"),
    [
        (24 * HOUR + SECOND, None),  # not yet in the 24 h window
        (24 * HOUR, "24"),  # the upper bound is inclusive
        (6 * HOUR + SECOND, "24"),
        (6 * HOUR, "6"),  # the lower bound of the 24 h window is exclusive
        (SECOND, "6"),
        (datetime.timedelta(0), None),  # due now: escalation's business, not a reminder
    ],
)
def test_reminder_window_bounds_when_due_exactly_at_the_edge(developer, customer, due_in, hours):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=due_in)

    assert inquiry_reminder_sweep(now=NOW) == (0 if hours is None else 1)

    assert _reminded() == ([] if hours is None else [(inquiry.pk, hours)])


@time_machine.travel(NOW, tick=False)
def test_no_reminder_when_inquiry_is_already_escalated(developer, customer):
    escalated = awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)
    Inquiry.objects.filter(pk=escalated.pk).update(escalated_at=NOW - HOUR)

    assert inquiry_reminder_sweep(now=NOW) == 0
    assert not OutboundEmail.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_reminder_and_escalation_mail_only_active_members(developer, customer):
    gone = MembershipFactory(account=developer.account)
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])
    awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)
    late = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    assert inquiry_reminder_sweep(now=NOW) == 1
    assert inquiry_escalation_sweep(now=NOW) == 1

    sent_to = set(OutboundEmail.objects.values_list("to_email", "kind"))
    assert (developer.user.email, "inquiry_reminder") in sent_to
    assert (developer.user.email, "inquiry_escalated") in sent_to
    assert not {to for to, _ in sent_to} & {gone.user.email}
    key = f"inquiry-escalated:{late.pk}:{late.clock}:{developer.user.pk}"
    assert OutboundEmail.objects.filter(dedupe_key=key).exists()


@time_machine.travel(NOW, tick=False)
def test_reminder_sweep_sends_at_most_limit_per_window(developer, customer):
    for _ in range(3):
        awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)

    assert inquiry_reminder_sweep(now=NOW, limit=2) == 2
    assert inquiry_reminder_sweep(now=NOW, limit=2) == 1


@time_machine.travel(NOW, tick=False)
def test_escalation_claim_takes_only_awaiting_unescalated_rows_past_due(developer, customer):
    due_now = awaiting_inquiry(app=developer.app, customer=customer, due_in=datetime.timedelta(0))
    past = awaiting_inquiry(app=developer.app, customer=customer, due_in=-SECOND)
    answered = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    # An answered inquiry has no clock (a check constraint): nothing to claim.
    Inquiry.objects.filter(pk=answered.pk).update(
        status=Status.ANSWERED, awaiting_since=None, due_at=None
    )
    escalated = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)
    Inquiry.objects.filter(pk=escalated.pk).update(escalated_at=NOW - HOUR)

    claimed = inquiry_escalation_claim(now=NOW, batch_size=10)

    assert [r["id"] for r in claimed] == [past.pk]
    assert claimed[0]["clock"] == past.clock
    assert Inquiry.objects.get(pk=due_now.pk).escalated_at is None
    assert Inquiry.objects.get(pk=past.pk).escalated_at == NOW


@time_machine.travel(NOW, tick=False)
def test_sweep_escalates_every_due_inquiry_across_full_and_partial_batches(developer, customer):
    rows = [
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-n * HOUR)
        for n in range(1, 6)
    ]

    result = inquiry_escalation_sweep_detailed(now=NOW, batch_size=2)

    assert result.escalated == 5
    assert len(result.sweep_id) == 32
    events = InquiryEvent.objects.filter(kind=InquiryEvent.Kind.ESCALATED)
    assert sorted(events.values_list("inquiry_id", flat=True)) == sorted(r.pk for r in rows)
    assert inquiry_escalation_sweep(now=NOW, batch_size=2) == 0


@time_machine.travel(NOW, tick=False)
def test_escalation_email_names_the_inquiry_and_links_its_thread(developer, customer):
    """...and tells the member why they get it: the account they belong to, not the app."""
    developer.account.name = "Acme Studio"
    developer.account.save(update_fields=["name"])
    inquiry = awaiting_inquiry(
        app=developer.app, customer=customer, due_in=-HOUR, subject="Charged twice"
    )

    inquiry_escalation_sweep(now=NOW)

    # Queued unrendered (the sweep renders nothing); the sender renders it on its first claim.
    queued = OutboundEmail.objects.get(kind="inquiry_escalated")
    assert (queued.subject, queued.body_text, queued.template) == ("", "", "inquiry_escalated")
    email = outbound_email_send(email_id=queued.pk)
    assert email.status == OutboundEmail.Status.SENT and email.render_context is None
    assert f"{inquiry.pk:06d}" in email.subject + email.body_text
    assert f"/inquiries/{inquiry.pk}/" in email.body_text
    assert developer.app.title in email.body_text
    assert "developer account Acme Studio" in email.body_text


@time_machine.travel(NOW, tick=False)
def test_reminder_dedupe_key_names_inquiry_clock_window_and_member(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=20 * HOUR)

    inquiry_reminder_sweep(now=NOW)

    email = OutboundEmail.objects.get(kind="inquiry_reminder")
    assert email.dedupe_key == f"inquiry-reminder:{inquiry.pk}:1:24:{developer.user.pk}"
    # a coarse duration (core.formats): whole hours print as "20 h", never "20 h 0 min"
    assert "Time left: 20 h\n" in email.body_text
    assert f"/inquiries/{inquiry.pk}/" in email.body_text
    assert timezone.now() == NOW


@time_machine.travel(NOW, tick=False)
def test_sweep_logs_what_it_escalated_and_stays_quiet_otherwise(developer, customer, caplog):
    caplog.set_level("INFO", logger="inquiries.escalation")
    assert inquiry_escalation_sweep(now=NOW) == 0
    assert not caplog.records
    awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    result = inquiry_escalation_sweep_detailed(now=NOW)

    assert [r.getMessage() for r in caplog.records] == [
        f"escalated 1 inquiries (sweep {result.sweep_id})"
    ]


@time_machine.travel(NOW, tick=False)
def test_time_left_is_cut_to_whole_hours_and_minutes(developer, customer):
    awaiting_inquiry(app=developer.app, customer=customer, due_in=HOUR - SECOND)

    inquiry_reminder_sweep(now=NOW)

    # cut down, not rounded: 59 min 59 s is "59 min", never "1 h" (nor "0 h 59 min")
    body = OutboundEmail.objects.get(kind="inquiry_reminder").body_text
    assert "Time left: 59 min\n" in body
