"""Two sessions: while one reminder sweep holds the advisory lock, a second one sends nothing
and says so (0), instead of mailing the same reminders twice (inquiries/escalation.py)."""

import datetime

import pytest
from django.db import connections

from inquiries.escalation import REMINDER_LOCK_KEY, inquiry_reminder_sweep
from inquiries.models import InquiryEvent
from tests.factories.refunds import awaiting_inquiry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_sweep_sends_nothing_while_the_first_holds_the_lock(developer, customer):
    awaiting_inquiry(app=developer.app, customer=customer, due_in=datetime.timedelta(hours=3))
    other = connections.create_connection("default")  # the first sweep's own session
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDER_LOCK_KEY])

        assert inquiry_reminder_sweep() == 0
        assert not InquiryEvent.objects.filter(kind=InquiryEvent.Kind.REMINDED).exists()
    finally:
        other.rollback()  # the first sweep ends: its lock goes with its transaction
        other.close()

    assert inquiry_reminder_sweep() == 1
