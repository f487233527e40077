"""The dashboard figures over the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries.models import Inquiry
from tests.factories import AppFactory

from .test_inquiries import make_inquiry
from .test_reviews import make_review

pytestmark = pytest.mark.django_db


def test_summary_counts_open_due_soon_overdue_and_ratings_per_app_when_fetched(
    api, developer, other_developer
):
    second_app = AppFactory(account=developer.account, title="Zeta")
    soon = make_inquiry(developer.app)
    late = make_inquiry(developer.app)
    make_inquiry(second_app)
    make_inquiry(other_developer.app)
    now = timezone.now()
    Inquiry.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=3))
    Inquiry.objects.filter(pk=late.pk).update(due_at=now - timedelta(hours=1))
    make_review(developer.app, rating=5)
    make_review(developer.app, rating=2)
    make_review(other_developer.app, rating=1)

    body = api.get("/api/v1/summary/").json()

    assert body["total"]["open"] == 3
    assert body["total"]["due_within_24h"] == 1
    assert body["total"]["overdue"] == 1
    assert body["total"]["average_rating"] == 3.5
    by_app = {row["app"]["id"]: row for row in body["apps"]}
    assert set(by_app) == {developer.app.pk, second_app.pk}
    assert by_app[developer.app.pk]["open"] == 2
    assert by_app[developer.app.pk]["average_rating"] == 3.5
    assert by_app[second_app.pk]["average_rating"] is None
    assert by_app[second_app.pk]["rating_count"] == 0


def _summary_queries(api, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(40) as ctx:
        assert api.get("/api/v1/summary/").status_code == 200
    return len(ctx.captured_queries)


def test_summary_query_count_does_not_grow_when_account_has_more_apps(
    api, developer, django_assert_max_num_queries
):
    make_review(developer.app, rating=4)
    api.get("/api/v1/summary/")  # the first request also records the token's last use
    one_app = _summary_queries(api, django_assert_max_num_queries)
    for i in range(6):
        make_review(AppFactory(account=developer.account, title=f"More {i}"), rating=3)
    seven_apps = _summary_queries(api, django_assert_max_num_queries)
    assert seven_apps == one_app
