"""Several sweeps at once over thousands of due inquiries: exactly one escalation and case each."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Category, Inquiry, InquiryEvent, Message, Status
from refunds.models import RefundEvent, RefundRequest
from tests.factories import AppFactory, CustomerFactory, MembershipFactory
from voc_portal.catalog.models import Purchase

TOTAL = 3000
SWEEPS = 6


def _due_inquiries(total: int) -> None:
    membership = MembershipFactory(notify_inquiries=False)
    app = AppFactory(account=membership.account)
    customer = CustomerFactory()
    now = timezone.now()
    purchases = Purchase.objects.bulk_create(
        [
            Purchase(
                customer=customer,
                app=app,
                item_name=f"Gems {n}",
                purchased_at=now - datetime.timedelta(days=5),
                amount=1100,
                tid=f"CT{n:010d}",
                txid=f"CX{n:010d}",
                receipt_number=f"CR{n:010d}",
            )
            for n in range(total)
        ]
    )
    Inquiry.objects.bulk_create(
        [
            Inquiry(
                account=app.account,
                app=app,
                customer=customer,
                purchase=purchase,
                category=Category.REFUND,
                subject=f"Refund {n}",
                status=Status.AWAITING_DEVELOPER,
                awaiting_since=now - settings.VOC_ANSWER_DEADLINE - datetime.timedelta(minutes=n),
                due_at=now - datetime.timedelta(minutes=n + 1),
            )
            for n, purchase in enumerate(purchases)
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_each_inquiry_is_escalated_once_when_sweeps_run_concurrently():
    _due_inquiries(TOTAL)
    barrier = threading.Barrier(SWEEPS)
    counts: list[int] = []
    errors: list[BaseException] = []

    def sweep():
        try:
            barrier.wait()
            counts.append(inquiry_escalation_sweep(batch_size=100))
        except BaseException as exc:  # reported below, never swallowed
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=sweep) for _ in range(SWEEPS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sum(counts) == TOTAL
    assert sum(1 for c in counts if c > 0) > 1, "the sweeps should have shared the work"
    escalations = InquiryEvent.objects.filter(kind=InquiryEvent.Kind.ESCALATED)
    assert escalations.count() == TOTAL
    assert escalations.values("inquiry_id").distinct().count() == TOTAL
    assert Message.objects.filter(author_kind=Message.Author.SYSTEM).count() == TOTAL
    assert RefundRequest.objects.count() == TOTAL
    assert RefundRequest.objects.values("inquiry_id").distinct().count() == TOTAL
    assert RefundEvent.objects.count() == TOTAL
    assert not Inquiry.objects.filter(escalated_at__isnull=True).exists()
    assert inquiry_escalation_sweep() == 0
