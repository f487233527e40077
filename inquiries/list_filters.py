"""The inbox's filters as one condition, for the reads that take a whole filtered set rather than
a page: CSV export, saved-view counts (one query for all views) and bulk selection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.pagination import keyset_chunks
from voc_portal.core.search import search_q

from .models import Inquiry, inquiry_age_q
from .selectors import InboxFilters
from .selectors_inbox import due_soon_q, overdue_q, state_q


def inquiry_filters_q(filters: InboxFilters, *, now: datetime | None = None) -> Q:
    """The same rows inquiry_list_for_member shows for `filters`, as one Q."""
    now = filters.now or now or timezone.now()
    cond = state_q(filters.state)
    if filters.app_id:
        cond &= Q(app_id=filters.app_id)
    if filters.category:
        cond &= Q(category=filters.category)
    q = (filters.q or "").strip()
    if q:
        cond &= search_q("search_vector", q)
    if filters.due_within_24h:
        cond &= due_soon_q(now)
    if filters.overdue:
        cond &= overdue_q(now)
    if filters.age:
        cond &= inquiry_age_q(filters.age, now)
    return cond


def inquiry_count_many(*, account: DeveloperAccount, filter_sets: list[InboxFilters]) -> list[int]:
    """How many inquiries each filter set matches, all in one aggregate query."""
    if not filter_sets:
        return []
    now = timezone.now()
    raw = Inquiry.objects.filter(account=account).aggregate(
        **{
            f"n{i}": Count("id", filter=inquiry_filters_q(f, now=now))
            for i, f in enumerate(filter_sets)
        }
    )
    return [raw[f"n{i}"] for i in range(len(filter_sets))]


EXPORT_HEADER = [
    "number",
    "subject",
    "app",
    "category",
    "status",
    "customer_number",
    "purchase_item",
    "purchase_tid",
    "created_at",
    "first_response_at",
    "due_at",
    "escalated_at",
    "closed_at",
    "last_message_at",
]


def inquiry_export_rows(
    *,
    account: DeveloperAccount,
    filters: InboxFilters,
    mask,
    chunk_size: int = 2000,
    using: str = DEFAULT_DB_ALIAS,
) -> Iterator[list]:
    """Every inquiry of the account under `filters`, newest first, in keyset chunks
    (core.pagination.keyset_chunks): memory holds one chunk, however many rows. `mask` masks
    payment identifiers; `using` is the alias to read (the replica, for the export view)."""
    qs: QuerySet[Inquiry] = (
        Inquiry.objects.using(using)
        .filter(account=account)
        .filter(inquiry_filters_q(filters))
        .select_related("app", "customer", "purchase")
        .defer("search_text", "search_vector")
    )
    for i in keyset_chunks(qs, ordering=["-created_at", "-id"], chunk_size=chunk_size):
        purchase = i.purchase
        yield [
            i.number,
            i.subject,
            i.app.title,
            i.get_category_display(),
            i.get_status_display(),
            i.customer.customer_number,
            purchase.item_name if purchase else "",
            mask(purchase.tid) if purchase else "",
            i.created_at,
            i.first_response_at,
            i.due_at,
            i.escalated_at,
            i.closed_at,
            i.last_message_at,
        ]
