"""The inbox tab counts and the dashboard figures from the counter rows (inquiries.counters):
what a page reads grows with the account's apps and members, not with its inquiries. Only what
depends on the clock is counted live, from index ranges that hold just the awaiting inquiries
falling due (or overdue) and those created in the dashboard's window."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.catalog.selectors import app_ids_for_membership

from .counters import InquiryCounter
from .models import Inquiry, Status
from .selectors_inbox import ASSIGNED_VIEWS, DUE_SOON, assigned_q, due_soon_q, overdue_q, state_q


def _state_q(state: str | None) -> Q:
    """state_q on counter rows: "escalated" is a key column there."""
    return Q(is_escalated=True) if state == "escalated" else state_q(state)


def _scoped(qs: QuerySet, account, membership, app_id, category) -> QuerySet:
    qs = qs.filter(account=account)
    ids = app_ids_for_membership(membership) if membership is not None else None
    if ids is not None:
        qs = qs.filter(app_id__in=ids)
    if app_id:
        qs = qs.filter(app_id=app_id)
    if category:
        qs = qs.filter(category=category)
    return qs


def _live_count(falling_due: QuerySet, condition: Q) -> Max:
    # An uncorrelated sub-select is an InitPlan, run once; Max() only lifts it into the aggregate.
    counted = falling_due.values("account").annotate(c=Count("id", filter=condition)).values("c")
    return Coalesce(Max(Subquery(counted, output_field=IntegerField())), 0)


def inquiry_counts_from_counters(
    *,
    account: DeveloperAccount,
    membership: Membership | None,
    app_id: int | None,
    category: str | None,
    state: str | None,
    assigned: str | None,
    now: datetime,
) -> dict:
    """inquiry_counts_for_member's figures without a search, in one statement."""
    within = assigned_q(assigned, membership)
    in_state = _state_q(state)
    falling_due = _scoped(Inquiry.objects, account, membership, app_id, category).filter(
        status=Status.AWAITING_DEVELOPER, due_at__lte=now + DUE_SOON
    )
    figures = {
        "all": Sum("n", filter=within),
        **{s: Sum("n", filter=within & _state_q(s)) for s in ("awaiting", "answered", "closed")},
        "escalated": Sum("n", filter=within & _state_q("escalated")),
        "due_within_24h": _live_count(falling_due, within & due_soon_q(now)),
        "overdue": _live_count(falling_due, within & overdue_q(now)),
        **{
            f"assigned_{view}": Sum("n", filter=in_state & assigned_q(view, membership))
            for view in (ASSIGNED_VIEWS if membership is not None else ())
        },
    }
    counters = _scoped(InquiryCounter.objects, account, membership, app_id, category)
    return {k: v or 0 for k, v in counters.aggregate(**figures).items()}


def inquiry_scope_size(
    *, account: DeveloperAccount, membership: Membership | None, app_id: int | None, category
) -> int:
    """How many inquiries (every state) the member's scope holds, from the counter rows."""
    counters = _scoped(InquiryCounter.objects, account, membership, app_id, category)
    return counters.aggregate(n=Sum("n"))["n"] or 0


def dashboard_state_figures(*, account: DeveloperAccount) -> dict[int, dict]:
    """Open, awaiting and escalated (still awaiting) per app, from the counters."""
    awaiting = Q(status=Status.AWAITING_DEVELOPER)
    rows = (
        InquiryCounter.objects.filter(account=account)
        .values("app_id")
        .order_by("app_id")
        .annotate(
            open=Sum("n", filter=~Q(status=Status.CLOSED)),
            awaiting=Sum("n", filter=awaiting),
            escalated=Sum("n", filter=awaiting & Q(is_escalated=True)),
        )
    )
    return {row.pop("app_id"): row for row in rows}


# Two index ranges, never the whole account: awaiting inquiries due within 24 h or overdue
# (inquiry_inbox_idx) and those created in the window (inquiry_created_idx). ROLLUP gives the
# per-app rows and the account's total (its own median) in one statement each.
_DUE_SQL = """
SELECT app_id,
    count(*) FILTER (WHERE due_at > %(now)s) AS due_within_24h,
    count(*) FILTER (WHERE due_at <= %(now)s) AS overdue
FROM inquiries_inquiry
WHERE account_id = %(account)s AND status = 'awaiting' AND due_at <= %(soon)s
GROUP BY ROLLUP (app_id)
"""
_RECENT_SQL = """
SELECT app_id,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
        FILTER (WHERE first_response_at IS NOT NULL) AS median_seconds,
    count(*) FILTER (WHERE first_response_at <= created_at + %(deadline)s) AS answered_in_time,
    count(*) FILTER (WHERE first_response_at IS NOT NULL OR created_at <= %(decided_before)s)
        AS decided
FROM inquiries_inquiry
WHERE account_id = %(account)s AND created_at >= %(since)s
GROUP BY ROLLUP (app_id)
"""
DUE_FIGURES = ("due_within_24h", "overdue")
RECENT_FIGURES = ("median_seconds", "answered_in_time", "decided")
# The window's figures move slowly (a median over 30 days) but cost the most: they are kept
# this long, under a key that changes whenever an inquiry of the account changes state.
RECENT_CACHE_SECONDS = 300


def _rollup(sql: str, names: tuple[str, ...], params: dict) -> tuple[dict[int, dict], dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    per_app, total = {}, {}
    for app_id, *values in rows:
        figures = dict(zip(names, values, strict=True))
        if app_id is None:
            total = figures
        else:
            per_app[app_id] = figures
    return per_app, total


def dashboard_recent_figures(
    *, account: DeveloperAccount, now: datetime, since: datetime, version: str
) -> tuple[dict[int, dict], dict]:
    """The window's median first response and answered-in-time figures, per app and in total;
    cached under `version` (dashboard_state_figures' digest: any state change recomputes)."""
    # The account's creation time too: a database made anew reuses ids, never that pair.
    key = f"inquiries:dashboard-recent:{account.pk}:{account.created_at.timestamp()}:{version}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    deadline: timedelta = settings.VOC_ANSWER_DEADLINE
    params = {
        "account": account.pk,
        "since": since,
        "deadline": deadline,
        "decided_before": now - deadline,
    }
    figures = _rollup(_RECENT_SQL, RECENT_FIGURES, params)
    cache.set(key, figures, RECENT_CACHE_SECONDS)
    return figures


def dashboard_timed_figures(
    *, account: DeveloperAccount, now: datetime, since: datetime, states: dict[int, dict]
) -> tuple[dict[int, dict], dict]:
    """Due soon and overdue (live: they move with the clock) and the window's response figures:
    per app, and the account's total."""
    params = {"account": account.pk, "now": now, "soon": now + DUE_SOON}
    due, due_total = _rollup(_DUE_SQL, DUE_FIGURES, params)
    digest = hashlib.blake2b(repr(sorted(states.items())).encode(), digest_size=8).hexdigest()
    recent, recent_total = dashboard_recent_figures(
        account=account, now=now, since=since, version=digest
    )
    per_app = {
        app_id: {**due.get(app_id, {}), **recent.get(app_id, {})} for app_id in {*due, *recent}
    }
    return per_app, {**due_total, **recent_total}
