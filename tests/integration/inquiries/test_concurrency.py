"""Two requests at once on the same inquiry: the row lock makes them take turns."""

import threading

import pytest
from django.db import close_old_connections

from inquiries import services
from inquiries.models import Category, Inquiry, InquiryEvent, Status
from voc_portal.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=5)
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    return results


@pytest.fixture
def answered(developer, customer):
    inquiry = services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.OTHER,
        subject="Hello",
        body="First question",
    )
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Answer")
    return inquiry


def test_two_followups_start_one_new_clock_when_sent_at_once(answered, customer):
    results = _run_together(
        lambda: services.inquiry_customer_followup(
            inquiry=Inquiry.objects.get(pk=answered.pk), customer=customer, body="again 1"
        ),
        lambda: services.inquiry_customer_followup(
            inquiry=Inquiry.objects.get(pk=answered.pk), customer=customer, body="again 2"
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)]
    answered.refresh_from_db()
    assert (answered.status, answered.clock) == (Status.AWAITING_DEVELOPER, 2)
    assert answered.messages.filter(author_kind="customer").count() == 3


def test_two_closes_close_once_when_sent_at_once(answered, developer):
    results = _run_together(
        lambda: services.inquiry_close(
            inquiry=Inquiry.objects.get(pk=answered.pk), actor=developer.user
        ),
        lambda: services.inquiry_close(
            inquiry=Inquiry.objects.get(pk=answered.pk), actor=developer.user
        ),
    )
    assert sum(isinstance(r, InvalidTransition) for r in results) == 1
    assert InquiryEvent.objects.filter(inquiry=answered, kind="closed").count() == 1
