"""Reminders before the deadline: 24 h and 6 h, once per clock, shown with the time left."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep, inquiry_reminder_sweep
from inquiries.models import Inquiry, InquiryEvent
from tests.factories import MembershipFactory
from tests.factories.refunds import awaiting_inquiry
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _reminders():
    return list(
        InquiryEvent.objects.filter(kind=InquiryEvent.Kind.REMINDED)
        .order_by("id")
        .values_list("clock", "data__hours")
    )


def test_reminders_are_sent_once_each_when_24h_and_6h_before_due(developer, customer):
    MembershipFactory(account=developer.account)
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=72 * HOUR)
    start = timezone.now()

    with time_machine.travel(start + 40 * HOUR, tick=False):
        assert inquiry_reminder_sweep() == 0
    with time_machine.travel(start + 49 * HOUR, tick=False):
        assert inquiry_reminder_sweep() == 1
        assert inquiry_reminder_sweep() == 0
    assert _reminders() == [(1, "24")]
    assert OutboundEmail.objects.filter(kind="inquiry_reminder").count() == 2  # two members
    with time_machine.travel(start + 67 * HOUR, tick=False):
        assert inquiry_reminder_sweep() == 1
        assert inquiry_reminder_sweep() == 0
    with time_machine.travel(start + 73 * HOUR, tick=False):
        assert inquiry_reminder_sweep() == 0
        assert inquiry_escalation_sweep() == 1

    assert _reminders() == [(1, "24"), (1, "6")]
    keys = set(OutboundEmail.objects.values_list("dedupe_key", flat=True))
    assert f"inquiry-reminder:{inquiry.pk}:1:24:{developer.user.pk}" in keys
    assert f"inquiry-reminder:{inquiry.pk}:1:6:{developer.user.pk}" in keys


@time_machine.travel("2026-03-02 09:00Z", tick=False)
def test_reminder_shows_time_left_when_sent(developer, customer):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=customer, due_in=datetime.timedelta(hours=5, minutes=30)
    )

    inquiry_reminder_sweep()

    email = OutboundEmail.objects.get(kind="inquiry_reminder")
    assert email.to_email == developer.user.email
    assert f"#{inquiry.number}" in email.subject
    # a coarse duration, as people read a deadline (core.formats): never "5 h 30 min"
    assert "Time left: 5 h\n" in email.body_text


def test_only_the_latest_window_is_sent_when_the_earlier_one_was_missed(developer, customer):
    awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)

    assert inquiry_reminder_sweep() == 1

    assert _reminders() == [(1, "6")]


def test_new_clock_gets_new_reminders_when_customer_writes_again(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)
    inquiry_reminder_sweep()
    Inquiry.objects.filter(pk=inquiry.pk).update(clock=2, due_at=timezone.now() + 5 * HOUR)

    assert inquiry_reminder_sweep() == 1

    assert _reminders() == [(1, "6"), (2, "6")]


def test_no_reminder_when_member_opted_out(developer, customer):
    developer.notify_inquiries = False
    developer.save()
    awaiting_inquiry(app=developer.app, customer=customer, due_in=3 * HOUR)

    assert inquiry_reminder_sweep() == 1

    assert not OutboundEmail.objects.filter(kind="inquiry_reminder").exists()
