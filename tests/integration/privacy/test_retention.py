"""Retention (voc_portal.privacy.retention_sweep): attachments of closed inquiries and the
payment identifiers copied onto decided refund requests are destroyed after
VOC_RETENTION_DAYS; the thread stays readable; the audit says so; twice is harmless; 10,000
rows cost the same number of statements as 10."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inquiries.models import Attachment, Message
from refunds.models import RefundEvent, RefundRequest, State
from tests.factories import PurchaseFactory
from tests.factories.inquiries import InquiryFactory, MessageFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.catalog.models import Purchase
from voc_portal.privacy.models import LifecycleRun
from voc_portal.privacy.services import retention_sweep

pytestmark = pytest.mark.django_db

OLD = datetime.timedelta(days=400)


def _decided(purchase, ago, **kw):
    at = timezone.now() - ago
    return RefundRequestFactory(
        purchase=purchase, with_consent=True, state=State.APPROVED, decided_at=at, **kw
    )


def _closed_inquiry_with_file(ago, name="receipt.png"):
    inquiry = InquiryFactory(closed=True, created_at=timezone.now() - ago)
    message = MessageFactory(inquiry=inquiry, body="Here is my receipt.")
    attachment = Attachment(message=message, original_name=name, content_type="image/png", size=3)
    attachment.file.save(name, ContentFile(b"png"), save=True)
    return inquiry, attachment


def test_old_personal_data_is_destroyed_and_the_rest_is_kept(
    developer, django_capture_on_commit_callbacks
):
    old = _decided(PurchaseFactory(app=developer.app), OLD)
    recent = _decided(PurchaseFactory(app=developer.app), datetime.timedelta(days=10))
    open_one = RefundRequestFactory(purchase=PurchaseFactory(app=developer.app), with_consent=True)
    old_inquiry, old_file = _closed_inquiry_with_file(OLD)
    _, recent_file = _closed_inquiry_with_file(datetime.timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        run = retention_sweep()

    old.refresh_from_db()
    assert (old.tid, old.txid, old.receipt_number) == ("", "", "")
    assert old.consent and old.purchased_item  # the case itself stays readable
    for kept in (recent, open_one):
        kept.refresh_from_db()
        assert kept.tid == kept.purchase.tid
    event = old.events.get(kind=RefundEvent.Kind.NOTE)
    assert event.data == {"retention": True} and "destroyed" in event.note
    assert list(Attachment.objects.all()) == [recent_file]
    assert not old_file.file.storage.exists(old_file.file.name)
    assert Message.objects.get(inquiry=old_inquiry).body == "Here is my receipt."
    assert run.counts == {"refund_identifiers": 1, "inquiry_attachments": 1}
    assert run.cutoff.date() == (timezone.now() - datetime.timedelta(days=365)).date()


def test_a_second_run_destroys_nothing_more(developer, django_capture_on_commit_callbacks):
    _decided(PurchaseFactory(app=developer.app), OLD)
    _closed_inquiry_with_file(OLD)
    with django_capture_on_commit_callbacks(execute=True):
        retention_sweep()
        second = retention_sweep()

    assert second.counts == {"refund_identifiers": 0, "inquiry_attachments": 0}
    assert RefundEvent.objects.filter(kind=RefundEvent.Kind.NOTE).count() == 1
    assert LifecycleRun.objects.count() == 2


def test_the_retention_period_is_a_setting(developer, settings):
    settings.VOC_RETENTION_DAYS = 5
    refund = _decided(PurchaseFactory(app=developer.app), datetime.timedelta(days=10))
    retention_sweep()
    refund.refresh_from_db()
    assert refund.tid == ""


def _many(developer, customer, n):
    """n decided refund requests with identifiers and n attachments of one closed inquiry."""
    decided = timezone.now() - OLD
    base = Purchase.objects.count()
    purchases = Purchase.objects.bulk_create(
        [
            PurchaseFactory.build(
                app=developer.app,
                customer=customer,
                tid=f"BULK-T{base + i}",
                txid=f"BULK-X{base + i}",
                receipt_number=f"BULK-R{base + i}",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    refunds = [
        RefundRequestFactory.build(
            purchase=p, with_consent=True, state=State.APPROVED, decided_at=decided
        )
        for p in purchases
    ]
    RefundRequest.objects.bulk_create(refunds, batch_size=2000)
    message = MessageFactory(inquiry=InquiryFactory(closed=True, created_at=decided))
    files = [
        Attachment(
            message=message,
            file=f"gone/{i}.png",
            original_name="a.png",
            content_type="image/png",
            size=1,
        )
        for i in range(n)
    ]
    Attachment.objects.bulk_create(files, batch_size=2000)


def test_ten_thousand_rows_cost_as_many_statements_as_ten(developer, customer):
    _many(developer, customer, 10)
    with CaptureQueriesContext(connection) as small:
        retention_sweep()
    _many(developer, customer, 10_000)

    with CaptureQueriesContext(connection) as large:
        run = retention_sweep()

    assert len(large) == len(small)
    assert run.counts == {"refund_identifiers": 10_000, "inquiry_attachments": 10_000}
    assert not RefundRequest.objects.exclude(tid="").exists()
    assert not Attachment.objects.exists()
