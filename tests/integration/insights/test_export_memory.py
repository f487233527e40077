"""An export streams in constant memory: peak Python allocation and resident memory while the
whole response is consumed stay flat however many rows there are.

CI runs EXPORT_MEMORY_ROWS=3000 (the default); `make export-memory` runs 100,000 and prints the
figures (docs/reports.md records them).
"""

import os
import resource
import time
import tracemalloc

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import PurchaseFactory
from tests.factories.inquiries import InquiryFactory

ROWS = int(os.environ.get("EXPORT_MEMORY_ROWS", "3000"))
PEAK_LIMIT = 24 * 1024 * 1024  # bytes of Python allocation: a few chunks, never the file


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def _fill(template_pk: int, n: int) -> None:
    """n - 1 copies of the template row in one INSERT ... SELECT (seconds for 100,000)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'inquiries_inquiry' AND column_name NOT IN ('id', 'subject')"
        )
        cols = ", ".join(f'"{row[0]}"' for row in cursor.fetchall())
        cursor.execute(
            f"INSERT INTO inquiries_inquiry ({cols}, subject) "  # noqa: S608 - names from the catalog
            f"SELECT {cols}, '=환불 문의 ' || g FROM inquiries_inquiry, generate_series(2, %s) g "
            "WHERE id = %s",
            [n, template_pk],
        )


@pytest.mark.django_db
def test_inquiry_export_streams_in_constant_memory(dev_client, developer, customer):
    purchase = PurchaseFactory(customer=customer, app=developer.app)
    template = InquiryFactory(app=developer.app, customer=customer, purchase=purchase)
    _fill(template.pk, ROWS)
    tracemalloc.start()
    rss_start = peak_rss = _rss_bytes()
    started = time.monotonic()
    response = dev_client.get(reverse("inquiries:export"))
    lines = size = 0
    for chunk in response.streaming_content:
        lines += 1
        size += len(chunk)
        if lines % 5000 == 0:
            peak_rss = max(peak_rss, _rss_bytes())
    seconds = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = max(peak_rss, _rss_bytes())
    print(
        f"\nexport-memory rows={lines - 1} bytes={size} seconds={seconds:.1f} "
        f"tracemalloc_peak={peak / 1e6:.1f}MB rss_start={rss_start / 1e6:.1f}MB "
        f"rss_peak={peak_rss / 1e6:.1f}MB rss_growth={(peak_rss - rss_start) / 1e6:.1f}MB"
    )
    assert lines - 1 == ROWS
    assert peak < PEAK_LIMIT
