import csv
import io

import pytest
from django.urls import reverse

from inquiries.models import Category
from tests.factories import AppFactory, PurchaseFactory
from tests.factories.inquiries import InquiryFactory
from tests.factories.refunds import RefundRequestFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.core.csv_export import BOM, csv_cell


def _read(response) -> tuple[str, list[list[str]]]:
    assert response.streaming
    raw = b"".join(response.streaming_content).decode("utf-8")
    return raw, list(csv.reader(io.StringIO(raw.removeprefix(BOM))))


def test_formula_cells_are_neutralised_and_plain_text_kept():
    assert csv_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert [csv_cell(v) for v in ("+1", "-2", "@a", "환불")] == ["'+1", "'-2", "'@a", "환불"]
    assert csv_cell(None) == "" and csv_cell(5) == "5"


@pytest.mark.django_db
def test_inquiry_export_streams_utf8_bom_masked_and_filtered(
    dev_client, developer, customer, django_assert_max_num_queries
):
    purchase = PurchaseFactory(customer=customer, app=developer.app, tid="T2026120212345678")
    InquiryFactory(
        app=developer.app,
        customer=customer,
        purchase=purchase,
        subject="=SUM(A1) 환불해 주세요",
        category=Category.REFUND,
    )
    InquiryFactory(app=developer.app, category=Category.ERROR)
    with django_assert_max_num_queries(6):
        response = dev_client.get(reverse("inquiries:export"), {"category": "refund"})
        raw, rows = _read(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.startswith(BOM)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["subject"] == "'=SUM(A1) 환불해 주세요"
    assert row["purchase_tid"] == "••••5678"
    assert "T2026120212345678" not in raw


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_rows(dev_client, developer, django_assert_max_num_queries):
    for _ in range(30):
        InquiryFactory(app=AppFactory(account=developer.account))
    with django_assert_max_num_queries(6):
        _, rows = _read(dev_client.get(reverse("inquiries:export")))
    assert len(rows) == 31 - 0  # header + 30


@pytest.mark.django_db
def test_exports_are_tenancy_scoped(dev_client, developer, other_developer):
    InquiryFactory(app=other_developer.app, subject="Foreign question")
    ReviewFactory(app=other_developer.app, body="Foreign review")
    RefundRequestFactory(purchase=PurchaseFactory(app=other_developer.app))
    for name in ("inquiries:export", "reviews:export", "refunds:export"):
        _, rows = _read(dev_client.get(reverse(name)))
        assert len(rows) == 1, name  # the header only
    # Another account's app id is a refused filter, not an empty file that confirms it exists.
    for name in ("inquiries:export", "reviews:export"):
        response = dev_client.get(reverse(name), {"app": other_developer.app.pk})
        assert response.status_code == 400, name


@pytest.mark.django_db
def test_review_export_applies_console_filters(dev_client, developer):
    ReviewFactory(app=developer.app, rating=1, body="-bad 게임")
    ReviewFactory(app=developer.app, rating=5, body="great")
    _, rows = _read(dev_client.get(reverse("reviews:export"), {"stars": [1]}))
    assert len(rows) == 2
    assert rows[1][rows[0].index("body")] == "'-bad 게임"


@pytest.mark.django_db
def test_refund_export_masks_identifiers_even_with_consent(dev_client, developer, customer):
    purchase = PurchaseFactory(app=developer.app, customer=customer)
    RefundRequestFactory(purchase=purchase, with_consent=True)
    raw, rows = _read(dev_client.get(reverse("refunds:export"), {"state": "submitted"}))
    assert len(rows) == 2
    assert purchase.tid not in raw and purchase.txid not in raw
    assert dev_client.get(reverse("refunds:export"), {"state": "bogus"}).status_code == 400


@pytest.mark.django_db
def test_exports_need_a_developer(client, customer):
    client.force_login(customer.user)
    assert client.get(reverse("inquiries:export")).status_code == 403
