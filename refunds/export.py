"""CSV export of the refund cases under the list's filter (state), streamed and masked."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.catalog.masking import mask_identifier
from voc_portal.core.csv_export import csv_response
from voc_portal.core.pagination import keyset_chunks
from voc_portal.core.routers import reading_from_replica

from . import selectors
from .models import State

EXPORT_HEADER = [
    "id",
    "app",
    "state",
    "source",
    "inquiry",
    "customer_number",
    "purchased_at",
    "purchased_item",
    "tid",
    "txid",
    "receipt_number",
    "consent",
    "reason",
    "created_at",
    "decided_at",
    "answered_late_at",
]


def refund_export_rows(
    *, account, state: str | None, chunk_size: int = 2000, using: str = DEFAULT_DB_ALIAS
) -> Iterator[list]:
    """The account's cases in keyset chunks; identifiers always masked."""
    qs = selectors.refund_list(account=account, state=state).using(using)
    for r in keyset_chunks(qs, ordering=["-created_at", "-id"], chunk_size=chunk_size):
        yield [
            r.pk,
            r.app.title,
            r.get_state_display(),
            r.get_source_display(),
            r.inquiry.number if r.inquiry_id else "",
            r.customer_number,
            r.purchased_at,
            r.purchased_item,
            mask_identifier(r.tid),
            mask_identifier(r.txid),
            mask_identifier(r.receipt_number),
            "O" if r.consent else "X",
            r.reason,
            r.created_at,
            r.decided_at,
            r.answered_late_at,
        ]


class RefundExportView(DeveloperRequiredMixin, View):
    def get(self, request):
        state = request.GET.get("state") or None
        if state is not None and state not in State.values:
            return HttpResponse(
                f"These filters are not valid: state: choose one of {', '.join(State.values)}.",
                status=400,
                content_type="text/plain",
            )
        # Streamed after the view returns: the rows read the alias chosen now (docs/scaling.md).
        with reading_from_replica(user=request.user) as alias:
            rows = refund_export_rows(account=self.account, state=state, using=alias)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(f"refunds-{stamp}.csv", EXPORT_HEADER, rows)
