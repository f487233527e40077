"""Reads for the public app pages, the developer's review console, admin and the command."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils import timezone

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership
from voc_portal.catalog.assignment import ASSIGNED_VIEWS, assigned_q
from voc_portal.catalog.models import App, Purchase
from voc_portal.catalog.selectors import app_ids_for_membership
from voc_portal.core.pagination import Page, keyset_page

from .models import OUTDATED_Q, RATINGS, AppRating, Review, ReviewReplyTemplate

PUBLIC_ORDERS: dict[str, list[str]] = {
    "newest": ["-created_at", "-id"],
    "highest": ["-rating", "-created_at", "-id"],
    "lowest": ["rating", "-created_at", "-id"],
}

REPLY_STATES = ("replied", "unreplied", "outdated", "hidden")


# --- purchases -----------------------------------------------------------------------------------


def review_is_purchaser(*, customer: Customer | None, app: App) -> bool:
    """A completed purchase of the app, free apps included, lets the customer review it."""
    if customer is None:
        return False
    return Purchase.objects.filter(
        customer=customer, app=app, state=Purchase.State.COMPLETED
    ).exists()


# --- public --------------------------------------------------------------------------------------


def app_list_public(*, cursor: str | None, page_size: int) -> Page:
    qs = App.objects.select_related("rating", "account")
    return keyset_page(qs, ordering=["title", "id"], cursor=cursor, page_size=page_size)


def app_get_public(*, package_name: str) -> App:
    try:
        return App.objects.select_related("rating", "account").get(package_name=package_name)
    except App.DoesNotExist as exc:
        raise Http404("No such app.") from exc


def app_rating_get(app: App) -> AppRating:
    """The app's aggregate; an app nobody reviewed yet has an all-zero one (not saved)."""
    try:
        return app.rating
    except AppRating.DoesNotExist:
        return AppRating(app=app)


def app_rating_map(apps: list[App]) -> dict[int, AppRating]:
    """Aggregates of several apps in one query; an unreviewed app gets an all-zero one."""
    found = {r.app_id: r for r in AppRating.objects.filter(app__in=apps)}
    return {app.pk: found.get(app.pk) or AppRating(app=app) for app in apps}


def review_list_public(
    *, app: App, order: str = "newest", cursor: str | None = None, page_size: int = 20
) -> Page:
    """Visible reviews of the app with their official replies, in one query per page."""
    ordering = PUBLIC_ORDERS.get(order, PUBLIC_ORDERS["newest"])
    qs = Review.objects.counted().filter(app=app).select_related("customer__user", "reply__account")
    return keyset_page(qs, ordering=ordering, cursor=cursor, page_size=page_size)


def review_get_own(*, customer: Customer | None, app: App) -> Review | None:
    """The customer's own live review of the app, hidden ones included (with the reason)."""
    if customer is None:
        return None
    return (
        Review.objects.not_deleted()
        .filter(app=app, customer=customer)
        .select_related("reply__account")
        .first()
    )


def review_list_own(*, customer: Customer) -> QuerySet:
    """The customer's own live reviews (hidden ones too) with their official replies."""
    return (
        Review.objects.not_deleted()
        .filter(customer=customer)
        .select_related("app", "reply__account")
        .order_by("-updated_at", "-id")
    )


# --- developer console ---------------------------------------------------------------------------


@dataclass
class ReviewFilters:
    app_id: int | None = None
    stars: list[int] = field(default_factory=list)
    # "", "replied", "unreplied", "outdated" or "hidden"
    state: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


@dataclass
class ReviewCounts:
    total: int = 0
    replied: int = 0
    unreplied: int = 0
    outdated: int = 0
    hidden: int = 0
    stars: dict[int, int] = field(default_factory=dict)
    assigned: dict[str, int] = field(default_factory=dict)  # "assigned_mine": n, …


def _member_scope(account: DeveloperAccount) -> QuerySet:
    return Review.objects.not_deleted().filter(app__account=account)


def _apply_scope_filters(qs: QuerySet, filters: ReviewFilters) -> QuerySet:
    """Filters that narrow what the counts are counted over: app, dates, text."""
    if filters.app_id:
        qs = qs.filter(app_id=filters.app_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = datetime.datetime.combine(filters.date_from, datetime.time.min, tzinfo=tz)
        qs = qs.filter(created_at__gte=start)
    if filters.date_to and filters.date_to < datetime.date.max:
        # date.max has no next day: "up to the end of time" needs no bound at all.
        end = datetime.datetime.combine(
            filters.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        qs = qs.filter(created_at__lt=end)
    q = filters.q.strip()
    if q:
        # ILIKE is served by the pg_trgm GIN index (Korean and English alike); word similarity
        # also finds English words with a typo.
        qs = qs.filter(Q(body__icontains=q) | Q(body__trigram_word_similar=q))
    return qs


_STATE_Q = {
    "replied": Q(reply__isnull=False),
    "unreplied": Q(reply__isnull=True),
    "outdated": OUTDATED_Q,
    "hidden": Q(hidden_at__isnull=False),
}


def review_list_for_member(
    *,
    account: DeveloperAccount,
    filters: ReviewFilters,
    cursor: str | None = None,
    page_size: int = 20,
    membership: Membership | None = None,
    assigned: str | None = None,
) -> tuple[Page, ReviewCounts]:
    """The account's reviews (hidden ones included, with the reason) and the count per filter.

    The counts are taken over the app / date / text scope, in one aggregate query, so each
    star, reply-state and Mine / Unassigned / Team choice shows how many reviews it would give.
    With `membership`, only the apps that member sees (per-app access).
    """
    base = _member_scope(account)
    if membership is not None:
        visible = app_ids_for_membership(membership)
        if visible is not None:
            base = base.filter(app_id__in=visible)
    scope = _apply_scope_filters(base, filters)
    aggregates = {
        "total": Count("id"),
        **{k: Count("id", filter=q) for k, q in _STATE_Q.items()},
        **{f"star_{s}": Count("id", filter=Q(rating=s)) for s in RATINGS},
        **{
            f"assigned_{view}": Count("id", filter=assigned_q(view, membership))
            for view in ASSIGNED_VIEWS
        },
    }
    raw = scope.aggregate(**aggregates)
    counts = ReviewCounts(
        total=raw["total"],
        replied=raw["replied"],
        unreplied=raw["unreplied"],
        outdated=raw["outdated"],
        hidden=raw["hidden"],
        stars={s: raw[f"star_{s}"] for s in RATINGS},
        assigned={f"assigned_{view}": raw[f"assigned_{view}"] for view in ASSIGNED_VIEWS},
    )
    qs = scope.filter(assigned_q(assigned, membership))
    if filters.stars:
        qs = qs.filter(rating__in=filters.stars)
    if filters.state in _STATE_Q:
        qs = qs.filter(_STATE_Q[filters.state])
    qs = qs.select_related("app", "customer__user", "reply__author", "hidden_by", "assignee__user")
    page = keyset_page(qs, ordering=["-created_at", "-id"], cursor=cursor, page_size=page_size)
    return page, counts


def review_get_for_member(
    *, account: DeveloperAccount, pk: int, membership: Membership | None = None
) -> Review:
    """One of the account's reviews; another account's (or a deleted one) is a 404, and so is
    one of an app `membership` was not given."""
    try:
        review = (
            _member_scope(account)
            .select_related("app", "customer__user", "assignee__user")
            .get(pk=pk)
        )
    except Review.DoesNotExist as exc:
        raise Http404("No such review.") from exc
    visible = app_ids_for_membership(membership) if membership is not None else None
    if visible is not None and review.app_id not in visible:
        raise Http404("No such review.")
    return review


def review_reply_template_list(*, account: DeveloperAccount) -> list[ReviewReplyTemplate]:
    return list(ReviewReplyTemplate.objects.filter(account=account))


def review_reply_template_get(*, account: DeveloperAccount, pk: int) -> ReviewReplyTemplate:
    try:
        return ReviewReplyTemplate.objects.get(account=account, pk=pk)
    except ReviewReplyTemplate.DoesNotExist as exc:
        raise Http404("No such template.") from exc


def account_app_list(*, account: DeveloperAccount) -> list[App]:
    return list(App.objects.filter(account=account).order_by("title", "id"))


# --- figures -------------------------------------------------------------------------------------


@dataclass
class WeekPoint:
    week_start: datetime.date
    average: float | None
    count: int


@dataclass
class RatingFigures:
    weeks: list[WeekPoint]
    reply_rate: float | None  # 0..1 over counted reviews
    replied: int
    reviewed: int
    stars: dict[int, int]
    average: float | None


def rating_figures(
    *, account: DeveloperAccount, app_id: int | None = None, weeks: int = 12
) -> RatingFigures:
    """Average per week over the last `weeks` weeks, reply rate and reviews per star."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks - 1)
    start = datetime.datetime.combine(first_monday, datetime.time.min, tzinfo=tz)

    counted = Review.objects.counted().filter(app__account=account)
    ratings = AppRating.objects.filter(app__account=account)
    if app_id:
        counted = counted.filter(app_id=app_id)
        ratings = ratings.filter(app_id=app_id)

    per_week = {
        row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]: row
        for row in counted.filter(created_at__gte=start)
        .annotate(week=TruncWeek("created_at", tzinfo=tz))
        .values("week")
        .annotate(avg=Avg("rating"), n=Count("id"))
    }
    points = []
    for i in range(weeks):
        monday = first_monday + datetime.timedelta(weeks=i)
        row = per_week.get(monday)
        points.append(
            WeekPoint(
                week_start=monday,
                average=round(float(row["avg"]), 2) if row else None,
                count=row["n"] if row else 0,
            )
        )

    totals = ratings.aggregate(
        count=Sum("count"), sum=Sum("sum"), **{f"c{s}": Sum(f"count_{s}") for s in RATINGS}
    )
    replied = counted.aggregate(n=Count("id", filter=Q(reply__isnull=False)))["n"]
    reviewed = totals["count"] or 0
    return RatingFigures(
        weeks=points,
        reply_rate=(replied / reviewed) if reviewed else None,
        replied=replied,
        reviewed=reviewed,
        stars={s: totals[f"c{s}"] or 0 for s in RATINGS},
        average=round(totals["sum"] / reviewed, 2) if reviewed else None,
    )


# --- aggregates check ----------------------------------------------------------------------------


def app_rating_recount(*, app_id: int) -> dict[str, int]:
    """The figures of one app counted from its reviews (what AppRating should hold)."""
    raw = (
        Review.objects.counted()
        .filter(app_id=app_id)
        .aggregate(
            count=Count("id"),
            sum=Sum("rating", default=0),
            **{f"count_{s}": Count("id", filter=Q(rating=s)) for s in RATINGS},
        )
    )
    return {k: int(v or 0) for k, v in raw.items()}
