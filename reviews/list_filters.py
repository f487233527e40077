"""The review console's filters as one condition, for reads over a whole filtered set: CSV
export, saved-view counts (one query for all views) and bulk selection."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Q
from django.utils import timezone

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.pagination import keyset_chunks

from .selectors import _STATE_Q, ReviewFilters, _member_scope


def review_filters_q(filters: ReviewFilters) -> Q:
    """The same rows review_list_for_member lists for `filters`, as one Q."""
    cond = Q()
    if filters.app_id:
        cond &= Q(app_id=filters.app_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        cond &= Q(
            created_at__gte=datetime.datetime.combine(
                filters.date_from, datetime.time.min, tzinfo=tz
            )
        )
    if filters.date_to and filters.date_to < datetime.date.max:
        end = filters.date_to + datetime.timedelta(days=1)
        cond &= Q(created_at__lt=datetime.datetime.combine(end, datetime.time.min, tzinfo=tz))
    q = filters.q.strip()
    if q:
        cond &= Q(body__icontains=q) | Q(body__trigram_word_similar=q)
    if filters.stars:
        cond &= Q(rating__in=filters.stars)
    if filters.state in _STATE_Q:
        cond &= _STATE_Q[filters.state]
    return cond


def review_count_many(*, account: DeveloperAccount, filter_sets: list[ReviewFilters]) -> list[int]:
    """How many reviews each filter set matches, all in one aggregate query."""
    if not filter_sets:
        return []
    raw = _member_scope(account).aggregate(
        **{f"n{i}": Count("id", filter=review_filters_q(f)) for i, f in enumerate(filter_sets)}
    )
    return [raw[f"n{i}"] for i in range(len(filter_sets))]


EXPORT_HEADER = [
    "id",
    "app",
    "rating",
    "author",
    "customer_number",
    "body",
    "created_at",
    "edited_at",
    "hidden_at",
    "reply",
    "replied_at",
]


def review_export_rows(
    *,
    account: DeveloperAccount,
    filters: ReviewFilters,
    chunk_size: int = 2000,
    using: str = DEFAULT_DB_ALIAS,
) -> Iterator[list]:
    """Every review of the account under `filters`, newest first, in keyset chunks."""
    qs = (
        _member_scope(account)
        .using(using)
        .filter(review_filters_q(filters))
        .select_related("app", "customer__user", "reply")
    )
    for r in keyset_chunks(qs, ordering=["-created_at", "-id"], chunk_size=chunk_size):
        reply = r.official_reply
        yield [
            r.pk,
            r.app.title,
            r.rating,
            r.customer.public_name,
            r.customer.customer_number,
            r.body,
            r.created_at,
            r.edited_at,
            r.hidden_at,
            reply.body if reply else "",
            reply.created_at if reply else None,
        ]
