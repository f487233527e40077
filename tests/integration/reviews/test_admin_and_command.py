import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from reviews import services
from reviews.models import AppRating, Review
from tests.factories import OpsUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops_client(client):
    client.force_login(OpsUserFactory(is_superuser=True))
    return client


def test_admin_hide_action_asks_reason_then_hides_and_logs_when_applied(ops_client, review):
    changelist = reverse("admin:reviews_review_changelist")
    form = ops_client.post(changelist, {"action": "hide_reviews", "_selected_action": [review.pk]})
    assert form.status_code == 200 and b"Reason for hiding" in form.content
    review.refresh_from_db()
    assert review.hidden_at is None  # nothing happens before a reason is given
    done = ops_client.post(
        changelist,
        {
            "action": "hide_reviews",
            "_selected_action": [review.pk],
            "apply": "1",
            "reason": "Spam link",
        },
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.hidden_reason == "Spam link"
    assert AppRating.objects.get(app=review.app).count == 0
    assert LogEntry.objects.filter(object_id=str(review.pk), change_message="Hidden: Spam link")


def test_admin_restore_button_restores_and_logs_when_review_hidden(ops_client, review):
    services.review_hide(review=review, actor=OpsUserFactory(), reason="Mistake")
    url = reverse("admin:reviews_review_restore", args=[review.pk])
    assert ops_client.get(url).status_code == 200
    assert ops_client.post(url).status_code == 302
    review.refresh_from_db()
    assert review.hidden_at is None
    assert AppRating.objects.get(app=review.app).count == 1
    assert LogEntry.objects.filter(object_id=str(review.pk), change_message="Restored").exists()


def test_admin_hide_button_refuses_blank_reason_when_submitted(ops_client, review):
    url = reverse("admin:reviews_review_hide", args=[review.pk])
    assert ops_client.post(url, {"reason": ""}).status_code == 200
    review.refresh_from_db()
    assert review.hidden_at is None
    assert ops_client.post(url, {"reason": "Abuse"}).status_code == 302
    review.refresh_from_db()
    assert review.hidden_reason == "Abuse"


def test_admin_change_page_shows_hide_button_when_review_public(ops_client, review):
    html = ops_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content
    assert b"Hide (with reason)" in html


def test_recompute_ratings_reports_and_fixes_drift_when_aggregate_is_wrong(review):
    AppRating.objects.filter(app=review.app).update(count=3, sum=12, count_4=3)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("recompute_ratings", "--check", stdout=out)
    assert f"drift: {review.app.package_name}" in out.getvalue()
    assert "count 3 -> 1" in out.getvalue()
    assert AppRating.objects.get(app=review.app).count == 3  # --check changes nothing
    out = io.StringIO()
    call_command("recompute_ratings", stdout=out)
    assert "fixed" in out.getvalue()
    rating = AppRating.objects.get(app=review.app)
    assert (rating.count, rating.sum, rating.count_4) == (1, 4, 1)
    out = io.StringIO()
    call_command("recompute_ratings", stdout=out)
    assert "No drift" in out.getvalue()


def test_recompute_ratings_ignores_hidden_and_deleted_when_recounting(review):
    services.review_hide(review=review, actor=OpsUserFactory(), reason="x")
    Review.objects.filter(pk=review.pk).update(hidden_at=None, hidden_reason="")  # silent drift
    out = io.StringIO()
    call_command("recompute_ratings", stdout=out)
    assert "count 0 -> 1" in out.getvalue()


def test_admin_changelist_offers_hide_or_restore_per_row_when_reviews_differ(ops_client, review):
    from tests.factories.reviews import ReviewFactory

    hidden = ReviewFactory(hidden=True)
    html = ops_client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert reverse("admin:reviews_review_hide", args=[review.pk]) in html
    assert reverse("admin:reviews_review_restore", args=[hidden.pk]) in html
