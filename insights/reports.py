"""Team reports per account, set-based: each figure is one aggregate query (PERCENTILE_CONT in
PostgreSQL), grouped by member, app or category; nothing is computed row by row in Python.

First response: time from an inquiry's creation to the first reply the customer saw; "within 3
days" counts the inquiries whose outcome is known (answered, or past the deadline), as the
dashboard does. Backlog aging buckets the inquiries awaiting the developer by how long they have
waited. Reviews: share of counted reviews with an official reply, and time to that reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Aggregate, Count, F, FloatField, Func, OuterRef, Q, Subquery

from inquiries.models import AGE_BUCKETS, Category, Inquiry, Message, Status, inquiry_age_q
from reviews.models import Review
from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.catalog.models import App

GROUPS = ("member", "app", "category")
WEEK_CHOICES = (1, 2, 4, 8, 12, 26, 52)


class Percentile(Aggregate):
    """PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY expr): continuous percentile."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _seconds(later, earlier) -> Func:
    return Func(
        later,
        earlier,
        template="EXTRACT(EPOCH FROM (%(expressions)s))",
        arg_joiner=" - ",
        output_field=FloatField(),
    )


@dataclass
class ResponseRow:
    key: object  # member id, app id or category value; None for the total
    label: str
    inquiries: int
    answered: int
    median_seconds: float | None
    p90_seconds: float | None
    within_deadline: int
    decided: int

    @property
    def within_share(self) -> float | None:
        return self.within_deadline / self.decided if self.decided else None


def _response_figures(now: datetime) -> dict:
    deadline = settings.VOC_ANSWER_DEADLINE
    answered = Q(first_response_at__isnull=False)
    wait = _seconds(F("first_response_at"), F("created_at"))
    return {
        "inquiries": Count("id"),
        "answered": Count("id", filter=answered),
        "median_seconds": Percentile(wait, 0.5, filter=answered),
        "p90_seconds": Percentile(wait, 0.9, filter=answered),
        "within_deadline": Count(
            "id", filter=answered & Q(first_response_at__lte=F("created_at") + deadline)
        ),
        "decided": Count("id", filter=answered | Q(created_at__lte=now - deadline)),
    }


def _first_responder() -> Subquery:
    """The member who wrote the first reply the customer saw (None: no reply yet)."""
    return Subquery(
        Message.objects.filter(
            inquiry=OuterRef("pk"), author_kind=Message.Author.DEVELOPER, is_internal=False
        )
        .order_by("created_at", "id")
        .values("author_id")[:1]
    )


def _labels(account: DeveloperAccount, group: str, keys: list) -> dict:
    if group == "app":
        return dict(App.objects.filter(account=account, pk__in=keys).values_list("pk", "title"))
    if group == "category":
        return {value: str(label) for value, label in Category.choices}
    users = User.objects.filter(pk__in=[k for k in keys if k is not None])
    return {u.pk: u.get_short_name() for u in users}


def first_response_report(
    *, account: DeveloperAccount, group: str, since: datetime, now: datetime
) -> tuple[ResponseRow, list[ResponseRow]]:
    """The total and one row per member / app / category over inquiries created since `since`:
    two aggregate queries, plus one for the labels."""
    if group not in GROUPS:
        raise ValueError(group)
    figures = _response_figures(now)
    base = Inquiry.objects.filter(account=account, created_at__gte=since, created_at__lte=now)
    total = ResponseRow(key=None, label="", **base.aggregate(**figures))
    if group == "member":
        base = base.annotate(group_key=_first_responder())
    else:
        base = base.annotate(group_key=F("app_id" if group == "app" else "category"))
    raw = list(base.values("group_key").order_by("group_key").annotate(**figures))
    labels = _labels(account, group, [r["group_key"] for r in raw])
    rows = []
    for r in raw:
        key = r.pop("group_key")
        label = labels.get(key, "") if key is not None else ""
        rows.append(ResponseRow(key=key, label=str(label), **r))
    return total, rows


def backlog_aging(*, account: DeveloperAccount, now: datetime) -> dict[str, int]:
    """Inquiries awaiting the developer, by how long: one query."""
    return Inquiry.objects.filter(account=account, status=Status.AWAITING_DEVELOPER).aggregate(
        **{key: Count("id", filter=inquiry_age_q(key, now)) for key in AGE_BUCKETS}
    )


@dataclass
class ReplyRow:
    key: int | None
    label: str
    reviews: int
    replied: int
    median_seconds: float | None
    p90_seconds: float | None

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.reviews if self.reviews else None


def review_reply_report(
    *, account: DeveloperAccount, since: datetime, now: datetime
) -> tuple[ReplyRow, list[ReplyRow]]:
    """Reply rate and time to the official reply over public reviews written since `since`, in
    total and per app: two aggregate queries."""
    replied = Q(reply__isnull=False)
    wait = _seconds(F("reply__created_at"), F("created_at"))
    figures = {
        "reviews": Count("id"),
        "replied": Count("id", filter=replied),
        "median_seconds": Percentile(wait, 0.5, filter=replied),
        "p90_seconds": Percentile(wait, 0.9, filter=replied),
    }
    base = Review.objects.counted().filter(
        app__account=account, created_at__gte=since, created_at__lte=now
    )
    total = ReplyRow(key=None, label="", **base.aggregate(**figures))
    raw = base.values("app_id", "app__title").order_by("app__title", "app_id").annotate(**figures)
    rows = [ReplyRow(key=r.pop("app_id"), label=r.pop("app__title"), **r) for r in raw]
    return total, rows
