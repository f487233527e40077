"""Review alerts by email to members who opted in: a new review of 1-2 stars, and the app's
average falling by 0.3 or more within a week (the daily sweep), once per app per week."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews import alerts
from reviews.models import AppRating, AppRatingSnapshot
from reviews.services import review_create
from tests.factories import CustomerFactory, MembershipFactory, PurchaseFactory
from voc_portal.catalog.models import AppAccess
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def watcher(developer):
    developer.notify_reviews = True
    developer.save(update_fields=["notify_reviews"])
    return developer


def _review(app, rating, capture, body="Okay"):
    customer = CustomerFactory()
    PurchaseFactory(customer=customer, app=app)
    with capture(execute=False):
        return review_create(customer=customer, app=app, rating=rating, body=body)


def _sent(kind):
    return sorted(OutboundEmail.objects.filter(kind=kind).values_list("to_email", flat=True))


def test_a_low_review_emails_the_members_who_opted_in_and_may_see_the_app(
    watcher, developer, django_capture_on_commit_callbacks
):
    silent = MembershipFactory(account=developer.account)  # notify_reviews off by default
    elsewhere = MembershipFactory(account=developer.account, notify_reviews=True, all_apps=False)
    allowed = MembershipFactory(account=developer.account, notify_reviews=True, all_apps=False)
    AppAccess.objects.create(membership=allowed, app=developer.app)
    _review(developer.app, 2, django_capture_on_commit_callbacks, body="Keeps crashing")
    sent = _sent("review_low")
    assert sent == sorted([watcher.user.email, allowed.user.email])
    assert silent.user.email not in sent and elsewhere.user.email not in sent
    email = OutboundEmail.objects.filter(kind="review_low").first()
    assert "Keeps crashing" in email.body_text and "2" in email.subject


def test_a_review_of_three_stars_or_more_sends_no_alert(
    watcher, developer, django_capture_on_commit_callbacks
):
    _review(developer.app, 3, django_capture_on_commit_callbacks)
    assert _sent("review_low") == []


def _figures(app, **counts):
    AppRating.objects.update_or_create(
        app=app,
        defaults={
            **{f"count_{n}": counts.get(f"c{n}", 0) for n in range(1, 6)},
            "count": sum(counts.values()),
            "sum": sum(int(k[1]) * v for k, v in counts.items()),
        },
    )


def test_a_drop_of_point_three_within_a_week_alerts_once_that_week(watcher, developer):
    app = developer.app
    start = timezone.now().replace(hour=12)
    with time_machine.travel(start - timedelta(days=5), tick=False):
        _figures(app, c5=8, c4=2)  # 4.8
        assert alerts.rating_drop_sweep() == 0
    with time_machine.travel(start, tick=False):
        _figures(app, c5=8, c4=2, c1=1)  # 4.45: -0.35
        assert alerts.rating_drop_sweep() == 1
        assert alerts.rating_drop_sweep() == 0  # once per app per week
    assert _sent("review_rating_drop") == [watcher.user.email]
    email = OutboundEmail.objects.get(kind="review_rating_drop")
    assert "4.8" in email.subject and "4.5" in email.subject


def test_a_smaller_or_older_drop_sends_nothing(watcher, developer):
    app = developer.app
    start = timezone.now().replace(hour=12)
    with time_machine.travel(start - timedelta(days=9), tick=False):
        _figures(app, c5=10)  # 5.0, but more than a week ago
        alerts.rating_drop_sweep()
    with time_machine.travel(start - timedelta(days=3), tick=False):
        _figures(app, c5=9, c4=1)  # 4.9
        alerts.rating_drop_sweep()
    with time_machine.travel(start, tick=False):
        _figures(app, c5=7, c4=3)  # 4.7: -0.2 within the week
        assert alerts.rating_drop_sweep() == 0
    assert AppRatingSnapshot.objects.filter(app=app).count() == 3


def test_the_sweep_costs_the_same_queries_for_one_app_or_many(
    watcher, developer, django_assert_max_num_queries
):
    from tests.factories import AppFactory

    _figures(developer.app, c5=1)
    with django_assert_max_num_queries(6) as one:
        alerts.rating_drop_sweep()
    for _ in range(10):
        _figures(AppFactory(account=developer.account), c4=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        alerts.rating_drop_sweep()


def test_settings_let_a_member_opt_in_to_review_alerts(dev_client, developer):
    url = reverse("accounts:settings")
    assert "review alerts" in dev_client.get(url).content.decode()
    dev_client.post(
        url,
        {
            "section": "notifications",
            f"notify_{developer.account_id}": "on",
            f"reviews_{developer.account_id}": "on",
        },
    )
    developer.refresh_from_db()
    assert developer.notify_reviews is True and developer.notify_inquiries is True
