"""Inbox filters, search in Korean and English, ordering, counts and dashboard figures."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from inquiries import selectors
from inquiries.models import Category, Inquiry
from inquiries.selectors import InboxFilters
from tests.factories import AppFactory
from tests.factories.inquiries import InquiryFactory

pytestmark = pytest.mark.django_db


def _ids(page):
    return [i.pk for i in page.items]


def _all(account, **filters):
    return _ids(
        selectors.inquiry_list_for_member(
            account=account, filters=InboxFilters(**filters), cursor=None, page_size=100
        )
    )


def test_inbox_orders_awaiting_by_due_date_then_rest_by_latest_message_when_mixed(developer):
    now = timezone.now()
    app = developer.app
    late = InquiryFactory(app=app, created_at=now - timedelta(hours=10))
    urgent = InquiryFactory(app=app, created_at=now - timedelta(days=2))
    answered_old = InquiryFactory(app=app, answered=True, created_at=now - timedelta(days=9))
    answered_new = InquiryFactory(app=app, answered=True, created_at=now - timedelta(days=1))
    closed = InquiryFactory(app=app, closed=True, created_at=now - timedelta(days=5))
    InquiryFactory()  # another account's inquiry never shows
    assert _all(developer.account) == [
        urgent.pk,
        late.pk,
        answered_new.pk,
        closed.pk,
        answered_old.pk,
    ]


def test_inbox_pages_cover_every_row_once_when_walking_cursors(developer):
    now = timezone.now()
    made = [
        InquiryFactory(
            app=developer.app, created_at=now - timedelta(hours=i % 7), answered=i % 3 == 0
        )
        for i in range(23)
    ]
    seen, cursor = [], None
    while True:
        page = selectors.inquiry_list_for_member(
            account=developer.account, filters=InboxFilters(), cursor=cursor, page_size=5
        )
        seen += _ids(page)
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(i.pk for i in made)
    assert seen == _all(developer.account)


@pytest.mark.parametrize(
    ("state", "expected"),
    [("awaiting", {"a", "o", "e"}), ("answered", {"n"}), ("closed", {"c"}), ("escalated", {"e"})],
)
def test_inbox_filters_by_state_when_state_is_chosen(developer, state, expected):
    rows = {
        "a": InquiryFactory(app=developer.app),
        "o": InquiryFactory(app=developer.app, overdue=True),
        "e": InquiryFactory(app=developer.app, escalated=True),
        "n": InquiryFactory(app=developer.app, answered=True),
        "c": InquiryFactory(app=developer.app, closed=True),
    }
    got = set(_all(developer.account, state=state))
    assert got == {rows[k].pk for k in expected}


def test_inbox_filters_due_soon_and_overdue_when_flags_are_set(developer):
    now = timezone.now()
    deadline = settings.VOC_ANSWER_DEADLINE
    soon = InquiryFactory(app=developer.app, created_at=now - deadline + timedelta(hours=5))
    overdue = InquiryFactory(app=developer.app, created_at=now - deadline - timedelta(hours=3))
    InquiryFactory(app=developer.app)  # 72 h left
    InquiryFactory(app=developer.app, answered=True, created_at=now - deadline)
    assert _all(developer.account, due_within_24h=True, now=now) == [soon.pk]
    assert _all(developer.account, overdue=True, now=now) == [overdue.pk]


def test_inbox_filters_by_app_and_category_when_given(developer):
    second_app = AppFactory(account=developer.account)
    a = InquiryFactory(app=developer.app, category=Category.REFUND)
    InquiryFactory(app=developer.app, category=Category.ERROR)
    InquiryFactory(app=second_app, category=Category.REFUND)
    assert _all(developer.account, app_id=developer.app.pk, category=Category.REFUND) == [a.pk]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("환불", "ko"),  # a 2-character Korean word
        ("결제 취소", "ko"),
        ("REFUND", "en"),  # case-insensitive
        ("crash", "en2"),
        ("앱이 꺼져요", "ko2"),
    ],
)
def test_inbox_search_finds_korean_and_english_text_when_query_matches(developer, query, key):
    rows = {
        "ko": InquiryFactory(app=developer.app, search_text="환불 요청\n결제 취소 부탁드립니다"),
        "en": InquiryFactory(app=developer.app, search_text="Refund please\nI was charged twice"),
        "en2": InquiryFactory(app=developer.app, search_text="Bug\nThe app crashes at start"),
        "ko2": InquiryFactory(app=developer.app, search_text="오류\n실행하면 앱이 꺼져요"),
    }
    InquiryFactory(search_text="환불 refund crash 앱이 꺼져요")  # other account
    assert _all(developer.account, q=query) == [rows[key].pk]


def test_inbox_search_finds_message_text_when_written_through_services(inquiry, developer):
    from inquiries import services

    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="업데이트 1.2.3 설치")
    services.inquiry_note_add(inquiry=inquiry, author=developer.user, body="internalword")
    assert _all(developer.account, q="업데이트") == [inquiry.pk]
    assert _all(developer.account, q="right after the logo") == [inquiry.pk]
    assert _all(developer.account, q="internalword") == [inquiry.pk]
    assert _all(developer.account, q="nothing like this") == []


def test_counts_respect_app_and_search_in_two_queries(developer, django_assert_num_queries):
    InquiryFactory(app=developer.app, search_text="login broken")
    InquiryFactory(app=developer.app, overdue=True, search_text="login again")
    InquiryFactory(app=developer.app, escalated=True, search_text="payment")
    InquiryFactory(app=developer.app, answered=True, search_text="login ok")
    InquiryFactory(app=developer.app, closed=True, search_text="login closed")
    # The scope's size (which way to search), then every count in one aggregate.
    with django_assert_num_queries(2):
        counts = selectors.inquiry_counts_for_member(
            account=developer.account, filters=InboxFilters(q="login", state="closed")
        )
    assert counts == {
        "all": 4,
        "awaiting": 2,
        "answered": 1,
        "closed": 1,
        "escalated": 0,
        "due_within_24h": 0,
        "overdue": 1,
    }


def test_dashboard_figures_match_known_data_when_computed(developer):
    now = timezone.now()
    app = developer.app
    second = AppFactory(account=developer.account, title="Zeta")
    # Answered in 2 h, 6 h and 10 h (median 6 h), one answered after 80 h (late).
    for hours in (2, 6, 10):
        InquiryFactory(
            app=app,
            answered=True,
            created_at=now - timedelta(days=5),
            first_response_at=now - timedelta(days=5) + timedelta(hours=hours),
        )
    InquiryFactory(
        app=app,
        closed=True,
        created_at=now - timedelta(days=10),
        first_response_at=now - timedelta(days=10) + timedelta(hours=80),
    )
    # Open: one due within 24 h, one overdue (not answered: counts as decided, not in time).
    InquiryFactory(app=app, created_at=now - timedelta(hours=60))
    InquiryFactory(app=app, overdue=True)
    # Still within its first deadline and unanswered: not decided yet.
    InquiryFactory(app=second, created_at=now - timedelta(hours=1))
    # Older than the window: ignored by the 30-day figures.
    InquiryFactory(
        app=app,
        answered=True,
        created_at=now - timedelta(days=40),
        first_response_at=now - timedelta(days=40) + timedelta(hours=100),
    )
    InquiryFactory(answered=True)  # other account

    dashboard = selectors.inquiry_dashboard(account=developer.account, now=now)
    total = dashboard.total
    assert (total.open, total.awaiting, total.due_within_24h, total.overdue) == (7, 3, 1, 1)
    # Median over 2, 6, 10, 80 h = 8 h.
    assert total.median_first_response == timedelta(hours=8)
    assert (total.answered_in_time, total.decided) == (3, 5)
    assert total.answered_in_time_share == pytest.approx(0.6)
    by_title = {row.app.title: row for row in dashboard.apps}
    assert by_title["Zeta"].open == 1
    assert by_title["Zeta"].median_first_response is None
    assert by_title["Zeta"].answered_in_time_share is None
    assert by_title[app.title].overdue == 1


def test_member_selector_answers_404_when_inquiry_is_of_another_account(developer, other_developer):
    from django.http import Http404

    foreign = InquiryFactory(app=other_developer.app)
    with pytest.raises(Http404):
        selectors.inquiry_get_for_member(
            user=developer.user, account=developer.account, pk=foreign.pk
        )
    with pytest.raises(Http404):  # a member of nothing gets nothing, even with the right account
        selectors.inquiry_get_for_member(
            user=developer.user, account=other_developer.account, pk=foreign.pk
        )
    assert Inquiry.objects.count() == 1


def test_inbox_refuses_cursor_when_values_do_not_fit_the_order(developer):
    from voc_portal.core.pagination import InvalidCursor, encode_cursor

    with pytest.raises(InvalidCursor):
        selectors.inquiry_list_for_member(
            account=developer.account,
            filters=InboxFilters(),
            cursor=encode_cursor([1, "x", 3]),
            page_size=5,
        )


def test_inbox_pages_stay_complete_when_many_rows_share_a_due_date(developer):
    now = timezone.now()
    same = now - timedelta(hours=1)
    made = [InquiryFactory(app=developer.app, created_at=same) for _ in range(7)]
    made += [InquiryFactory(app=developer.app, answered=True, created_at=same) for _ in range(7)]
    seen, cursor = [], None
    for _ in range(10):
        page = selectors.inquiry_list_for_member(
            account=developer.account, filters=InboxFilters(), cursor=cursor, page_size=3
        )
        seen += _ids(page)
        cursor = page.next_cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == len(made)


def test_dashboard_window_figures_are_cached_until_an_inquiry_changes_state(
    developer, django_assert_num_queries
):
    """The 30-day figures (median, in time) are read once and kept; a reply changes the counters'
    digest, so the next dashboard recounts and shows it."""
    from inquiries import services

    now = timezone.now()
    waiting = InquiryFactory(app=developer.app, created_at=now - timedelta(hours=4))
    first = selectors.inquiry_dashboard(account=developer.account, now=now)
    assert (first.total.median_first_response, first.total.awaiting) == (None, 1)

    # Cached: apps, counter rows and the live due figures only, not the window.
    with django_assert_num_queries(3):
        again = selectors.inquiry_dashboard(account=developer.account, now=now)
    assert again.total.median_first_response is None

    services.inquiry_reply(inquiry=waiting, author=developer.user, body="Fixed, thanks.")
    after = selectors.inquiry_dashboard(account=developer.account, now=timezone.now())
    assert after.total.awaiting == 0
    assert after.total.median_first_response is not None
    assert after.total.median_first_response >= timedelta(hours=4)
