"""Reads about inquiries for the web pages, the API, admin and tasks. Tenancy is checked here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership, User
from voc_portal.catalog.models import App, Purchase
from voc_portal.catalog.selectors import app_ids_for_membership
from voc_portal.core.pagination import (
    Page,
    keyset_page,
)
from voc_portal.core.search import search_q

from .models import (
    INBOX_NOT_DUE,
    Attachment,
    Category,
    Inquiry,
    Message,
    ReplyTemplate,
    inquiry_age_q,
)
from .selectors_counts import (
    dashboard_state_figures,
    dashboard_timed_figures,
    inquiry_counts_from_counters,
    inquiry_scope_size,
)
from .selectors_inbox import ASSIGNED_VIEWS, assigned_q, due_soon_q, overdue_q, state_q

DASHBOARD_WINDOW = timedelta(days=30)
STATE_FIGURES = ("open", "awaiting", "escalated")
_NOT_DUE = INBOX_NOT_DUE
INBOX_ORDERING = ["due_key", "-last_message_at", "id"]
INBOX_DUE_KEY = Coalesce("due_at", Value(_NOT_DUE, output_field=DateTimeField()))
# Search tabs count at most this many matches (a two-syllable word can match 90,000 rows).
SEARCH_COUNT_CAP = 1000
# Up to this many inquiries in the scope, a search's counts test each row instead of the index.
SEARCH_SCAN_ROWS = 20_000


@dataclass(frozen=True)
class InboxFilters:
    app_id: int | None = None
    category: str | None = None
    state: str | None = None  # one of selectors_inbox.STATES
    due_within_24h: bool = False
    overdue: bool = False
    age: str | None = None  # one of AGE_BUCKETS (awaiting for < 1 d, 1-2 d, 2-3 d, overdue)
    q: str = ""
    assigned: str | None = None  # one of ASSIGNED_VIEWS; "mine" and "team" need the member
    now: datetime | None = field(default=None, compare=False)
    # How a search runs (inbox_search_planned): through the GIN index, or testing each row of
    # a small scope; None until planned.
    indexed_search: bool | None = field(default=None, compare=False)


def inbox_search_planned(
    *, account: DeveloperAccount, filters: InboxFilters, membership: Membership | None = None
) -> InboxFilters:
    """`filters` with its search's plan decided: a scope of up to SEARCH_SCAN_ROWS inquiries
    (a typical account) is cheaper to test row by row than the index's posting lists of a
    common bigram over the whole table, which the planner's estimate of GIN scans does not see
    (결제가 in an account of 1,007 inquiries: 30.5 ms through the index, 1.3 ms row by row);
    a big scope goes through the index. One statement (the counter rows), once per request:
    the page and its counts share the plan."""
    if filters.indexed_search is not None or not (filters.q or "").strip():
        return filters
    size = inquiry_scope_size(
        account=account, membership=membership, app_id=filters.app_id, category=filters.category
    )
    return replace(filters, indexed_search=size > SEARCH_SCAN_ROWS)


# --- single inquiries ----------------------------------------------------------------------------


def inquiry_get_for_member(
    *, user: User, account: DeveloperAccount, pk: int, membership: Membership | None = None
) -> Inquiry:
    """An inquiry of `account` that `user` may see; anything else (another account's, or an app
    the member was not given) is a 404. `membership`: the user's of `account`, when the caller
    has it already (a page's current membership), saves reading it again."""
    if membership is None or (membership.account_id, membership.user_id) != (account.pk, user.pk):
        membership = Membership.objects.filter(account=account, user_id=user.pk).first()
    if membership is None:
        raise Http404("No such inquiry.")
    qs = _visible(Inquiry.objects.filter(account=account), membership)
    try:
        return qs.select_related(
            "app", "customer__user", "purchase", "account", "assignee__user"
        ).get(pk=pk)
    except (Inquiry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such inquiry.") from exc


def _visible(qs: QuerySet[Inquiry], membership: Membership | None) -> QuerySet[Inquiry]:
    ids = app_ids_for_membership(membership) if membership is not None else None  # per-app
    return qs if ids is None else qs.filter(app_id__in=ids)


def inquiry_account_id_for_user(*, user: User, pk) -> int | None:
    """The account of inquiry `pk` if `user` is a member of it (for links from emails that land
    while another of the user's accounts is the current one); None otherwise."""
    try:
        return (
            Inquiry.objects.filter(pk=pk, account__memberships__user_id=user.pk)
            .values_list("account_id", flat=True)
            .first()
        )
    except (ValueError, TypeError):
        return None


def inquiry_get_for_customer(*, customer: Customer, pk: int) -> Inquiry:
    try:
        return Inquiry.objects.select_related("app", "account", "purchase").get(
            pk=pk, customer=customer
        )
    except (Inquiry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such inquiry.") from exc


def inquiry_list_for_customer(*, customer: Customer) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(customer=customer)
        .select_related("app")
        .defer("search_text", "search_vector")
        .order_by("-last_message_at", "-id")
    )


# --- the inbox -----------------------------------------------------------------------------------


def _now(filters: InboxFilters) -> datetime:
    from django.utils import timezone

    return filters.now or timezone.now()


def _base_filtered(
    account: DeveloperAccount, filters: InboxFilters, membership: Membership | None = None
) -> QuerySet[Inquiry]:
    """App, category and search: the filters the per-state counts respect (a search planned
    by inbox_search_planned)."""
    qs = _visible(Inquiry.objects.filter(account=account), membership)
    if filters.app_id:
        qs = qs.filter(app_id=filters.app_id)
    if filters.category:
        qs = qs.filter(category=filters.category)
    q = (filters.q or "").strip()
    if q:
        # Bigrams and words on the GIN index (core.search): Korean words of any length, particles
        # included, and English words by prefix.
        qs = qs.filter(search_q("search_vector", q, indexed=filters.indexed_search is not False))
    return qs


def inquiry_list_for_member(
    *,
    account: DeveloperAccount,
    filters: InboxFilters,
    cursor: str | None,
    page_size: int,
    membership: Membership | None = None,
) -> Page:
    """Most urgent first: awaiting by due date, then the rest by latest message. Keyset pages.
    With `membership`: only the apps that member may see, and the Mine/Team views work."""
    now = _now(filters)
    filters = inbox_search_planned(account=account, filters=filters, membership=membership)
    qs = _base_filtered(account, filters, membership).filter(state_q(filters.state))
    qs = qs.filter(assigned_q(filters.assigned, membership))
    if filters.due_within_24h:
        qs = qs.filter(due_soon_q(now))
    if filters.overdue:
        qs = qs.filter(overdue_q(now))
    if filters.age:
        qs = qs.filter(inquiry_age_q(filters.age, now))
    qs = (
        qs.select_related("app", "customer", "assignee__user")
        .defer("search_text", "search_vector")
        .annotate(due_key=INBOX_DUE_KEY)
    )
    return keyset_page(qs, ordering=INBOX_ORDERING, cursor=cursor, page_size=page_size)


def inquiry_counts_for_member(
    *, account: DeveloperAccount, filters: InboxFilters, membership: Membership | None = None
) -> dict:
    """Counts for every filter tab (respecting app, category and search), in one query; with
    `membership` also the Mine / Unassigned / Team views. The state tabs count inside the
    chosen view, the view tabs inside the chosen state.

    Without a search they come from the counter rows (selectors_counts: a page's cost does not
    grow with the account); a search counts its matches, found through the search index."""
    now = _now(filters)
    if not (filters.q or "").strip():
        return inquiry_counts_from_counters(
            account=account,
            membership=membership,
            app_id=filters.app_id,
            category=filters.category,
            state=filters.state,
            assigned=filters.assigned,
            now=now,
        )
    within = assigned_q(filters.assigned, membership)
    state = state_q(filters.state)
    filters = inbox_search_planned(account=account, filters=filters, membership=membership)
    matches = _base_filtered(account, filters, membership)
    # A common word matches a large share of a big account: count at most CAP + 1 matches, in
    # no order, so the scan stops there (an order would read and sort every match first).
    sample = matches.order_by()[: SEARCH_COUNT_CAP + 1]
    counts = sample.aggregate(
        sampled=Count("id"),
        all=Count("id", filter=within),
        awaiting=Count("id", filter=within & state_q("awaiting")),
        answered=Count("id", filter=within & state_q("answered")),
        closed=Count("id", filter=within & state_q("closed")),
        escalated=Count("id", filter=within & state_q("escalated")),
        due_within_24h=Count("id", filter=within & due_soon_q(now)),
        overdue=Count("id", filter=within & overdue_q(now)),
        **{
            f"assigned_{view}": Count("id", filter=state & assigned_q(view, membership))
            for view in (ASSIGNED_VIEWS if membership is not None else ())
        },
    )
    if counts.pop("sampled") <= SEARCH_COUNT_CAP:
        return counts
    # Past the cap only "at least" is known of All; the other tabs show a dash, not a guess.
    return {key: AtLeast(SEARCH_COUNT_CAP) if key == "all" else None for key in counts}


class AtLeast(int):
    """A count that stopped at the cap: shown as "1,000+"."""

    def __str__(self) -> str:
        return f"{int(self):,}+"


# --- a thread ------------------------------------------------------------------------------------


def inquiry_thread(*, inquiry: Inquiry, include_internal: bool = True) -> list[Message]:
    """Messages in order with their author, attachments and reply email: two queries."""
    qs = Message.objects.filter(inquiry=inquiry)
    if not include_internal:
        qs = qs.filter(is_internal=False)
    return list(
        qs.select_related("author", "email")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        )
        .order_by("created_at", "id")
    )


def attachment_get_for_member(*, account: DeveloperAccount, pk: int) -> Attachment:
    try:
        return Attachment.objects.select_related("message").get(
            pk=pk, message__inquiry__account=account
        )
    except Attachment.DoesNotExist as exc:
        raise Http404("No such file.") from exc


def attachment_get_for_customer(*, customer: Customer, pk: int) -> Attachment:
    try:
        return Attachment.objects.select_related("message").get(
            pk=pk, message__inquiry__customer=customer, message__is_internal=False
        )
    except Attachment.DoesNotExist as exc:
        raise Http404("No such file.") from exc


def purchase_list_for_inquiry(*, inquiry: Inquiry) -> list[Purchase]:
    """The customer's purchases of this app (shown to the developer with masked identifiers)."""
    return list(
        Purchase.objects.filter(customer_id=inquiry.customer_id, app_id=inquiry.app_id).order_by(
            "-purchased_at", "-id"
        )
    )


def purchase_choices_for_customer(*, customer: Customer, app: App) -> QuerySet[Purchase]:
    return Purchase.objects.filter(customer=customer, app=app).order_by("-purchased_at", "-id")


def reply_template_list(*, account: DeveloperAccount) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(account=account).order_by("name", "id")


def reply_template_get(*, account: DeveloperAccount, pk) -> ReplyTemplate:
    try:
        return ReplyTemplate.objects.get(account=account, pk=pk)
    except (ReplyTemplate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such template.") from exc


def app_list_for_account(*, account: DeveloperAccount) -> QuerySet[App]:
    return App.objects.filter(account=account).order_by("title", "id")


# --- dashboard -----------------------------------------------------------------------------------


@dataclass
class DashboardRow:
    app: App | None
    open: int = 0
    awaiting: int = 0
    due_within_24h: int = 0
    overdue: int = 0
    escalated: int = 0
    median_first_response: timedelta | None = None
    answered_in_time: int = 0
    decided: int = 0

    @property
    def answered_in_time_share(self) -> float | None:
        """Share of the last 30 days' inquiries answered within the deadline (None: no data)."""
        return self.answered_in_time / self.decided if self.decided else None


@dataclass
class Dashboard:
    total: DashboardRow
    apps: list[DashboardRow]
    since: datetime


def inquiry_dashboard(*, account: DeveloperAccount, now: datetime) -> Dashboard:
    """Per app and in total: open, awaiting, due within 24 h, overdue, escalated; over the last
    30 days (by creation) the median first-response time and the share answered in time.

    "In time" = first reply within VOC_ANSWER_DEADLINE of the inquiry's creation. The share counts
    only inquiries whose outcome is known: answered, or past their first deadline.
    Open, awaiting and escalated come from the counter rows; the rest from two index ranges
    (selectors_counts), so the cost follows the recent and falling-due inquiries only.
    """
    since = now - DASHBOARD_WINDOW
    states = dashboard_state_figures(account=account)
    timed, timed_total = dashboard_timed_figures(
        account=account, now=now, since=since, states=states
    )
    total = {name: sum(row[name] or 0 for row in states.values()) for name in STATE_FIGURES}

    def make(app: App | None, state: dict | None, figures: dict | None) -> DashboardRow:
        data = {**dict.fromkeys(STATE_FIGURES, 0), **(state or {}), **(figures or {})}
        seconds = data.pop("median_seconds", None)
        return DashboardRow(
            app=app,
            median_first_response=timedelta(seconds=seconds) if seconds is not None else None,
            **{k: v or 0 for k, v in data.items()},
        )

    apps = [
        make(app, states.get(app.pk), timed.get(app.pk))
        for app in app_list_for_account(account=account)
    ]
    return Dashboard(total=make(None, total, timed_total), apps=apps, since=since)


CATEGORY_CHOICES = Category.choices
