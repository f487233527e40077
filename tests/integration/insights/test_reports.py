import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Category, Message
from insights import reports
from tests.factories import AppFactory, MembershipFactory
from tests.factories.inquiries import InquiryFactory, MessageFactory
from tests.factories.reviews import OfficialReplyFactory, ReviewFactory

H = datetime.timedelta(hours=1)


def _answered(app, *, hours, author=None, category=Category.OTHER, created=None):
    created = created or timezone.now() - datetime.timedelta(days=5)
    inquiry = InquiryFactory(
        app=app,
        category=category,
        created_at=created,
        answered=True,
        first_response_at=created + hours * H,
    )
    if author is not None:
        MessageFactory(
            inquiry=inquiry,
            author_kind=Message.Author.DEVELOPER,
            author=author,
            created_at=created + hours * H,
        )
    return inquiry


@pytest.mark.django_db
def test_first_response_median_p90_and_share_within_3_days_per_app(developer):
    app, other = developer.app, AppFactory(account=developer.account)
    for h in (1, 2, 3, 4, 100):  # 100 h is past the 3-day deadline
        _answered(app, hours=h)
    _answered(other, hours=10)
    now = timezone.now()
    total, rows = reports.first_response_report(
        account=developer.account, group="app", since=now - datetime.timedelta(weeks=4), now=now
    )
    by_app = {row.key: row for row in rows}
    assert by_app[app.pk].median_seconds == 3 * 3600
    # PERCENTILE_CONT(0.9) over 1,2,3,4,100 h: 4 + 0.6 * (100 - 4) = 61.6 h
    assert by_app[app.pk].p90_seconds == pytest.approx(61.6 * 3600)
    assert (by_app[app.pk].within_deadline, by_app[app.pk].decided) == (4, 5)
    assert by_app[other.pk].label == other.title
    assert total.inquiries == 6 and total.within_deadline == 5


@pytest.mark.django_db
def test_first_response_by_member_counts_the_first_public_reply_author(developer):
    second = MembershipFactory(account=developer.account)
    _answered(developer.app, hours=1, author=developer.user)
    _answered(developer.app, hours=5, author=second.user)
    _answered(developer.app, hours=7, author=second.user)
    now = timezone.now()
    _, rows = reports.first_response_report(
        account=developer.account, group="member", since=now - datetime.timedelta(weeks=4), now=now
    )
    by_member = {row.key: row for row in rows}
    assert by_member[developer.user.pk].answered == 1
    assert by_member[second.user.pk].median_seconds == 6 * 3600
    assert by_member[second.user.pk].label == second.user.get_short_name()


@pytest.mark.django_db
def test_backlog_aging_buckets_awaiting_inquiries_by_waiting_time(developer):
    now = timezone.now()
    for days in (0.5, 1.5, 1.7, 2.5, 4):
        InquiryFactory(app=developer.app, created_at=now - datetime.timedelta(days=days))
    InquiryFactory(app=developer.app, answered=True)
    aging = reports.backlog_aging(account=developer.account, now=now)
    assert aging == {"lt1d": 1, "1to2d": 2, "2to3d": 1, "overdue": 1}


@pytest.mark.django_db
def test_review_reply_rate_and_time_to_reply(developer):
    now = timezone.now()
    created = now - datetime.timedelta(days=3)
    replied = ReviewFactory(app=developer.app, created_at=created)
    OfficialReplyFactory(review=replied, created_at=created + 2 * H)
    ReviewFactory(app=developer.app, created_at=created)
    ReviewFactory(app=developer.app, created_at=created, hidden=True)  # not counted
    total, rows = reports.review_reply_report(
        account=developer.account, since=now - datetime.timedelta(weeks=4), now=now
    )
    assert (total.reviews, total.replied, total.median_seconds) == (2, 1, 2 * 3600)
    assert rows[0].reply_rate == 0.5


@pytest.mark.django_db
def test_reports_page_draws_linked_svg_charts_in_constant_queries(
    dev_client, developer, django_assert_max_num_queries
):
    for h in (1, 30):
        _answered(developer.app, hours=h)
    InquiryFactory(app=developer.app)
    ReviewFactory(app=developer.app)
    url = reverse("insights:reports")
    # session + user + membership, six report aggregates, labels
    with django_assert_max_num_queries(11):
        response = dev_client.get(url, {"weeks": 4, "group": "app"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 3
    assert f'href="/inquiries/?app={developer.app.pk}"' in html
    assert 'href="/inquiries/?state=awaiting&amp;age=overdue"' in html
    for _ in range(20):
        _answered(AppFactory(account=developer.account), hours=2)
    with django_assert_max_num_queries(11):
        assert dev_client.get(url, {"group": "category"}).status_code == 200


@pytest.mark.django_db
def test_reports_page_refuses_a_period_it_does_not_offer(dev_client):
    response = dev_client.get(reverse("insights:reports"), {"weeks": 3})
    assert response.status_code == 400


@pytest.mark.django_db
def test_reports_count_only_the_members_account(dev_client, developer, other_developer):
    _answered(other_developer.app, hours=1)
    response = dev_client.get(reverse("insights:reports"))
    assert other_developer.app.title not in response.content.decode()


@pytest.mark.django_db
def test_inbox_age_filter_lists_the_aging_bucket(dev_client, developer):
    now = timezone.now()
    young = InquiryFactory(app=developer.app, created_at=now - datetime.timedelta(hours=3))
    old = InquiryFactory(app=developer.app, created_at=now - datetime.timedelta(days=2.5))
    html = dev_client.get(reverse("inquiries:inbox"), {"age": "2to3d"}).content.decode()
    assert f'data-inquiry="{old.pk}"' in html and f'data-inquiry="{young.pk}"' not in html
