"""The ops queue in admin: open cases first by default, age and deadline, urgent marked,
the index leads with the queue, ops land on it, and its words are Korean for Korean ops."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from refunds.models import Source
from tests.factories import OpsUserFactory
from tests.factories.catalog import PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:refunds_refundrequest_changelist"


@pytest.fixture
def ops_client(client):
    client.force_login(OpsUserFactory())
    return client


def _case(days_old: float, **kw):
    refund = RefundRequestFactory(purchase=PurchaseFactory(), **kw)
    created = timezone.now() - datetime.timedelta(days=days_old)
    type(refund).objects.filter(pk=refund.pk).update(created_at=created)
    return refund


def test_queue_shows_open_cases_only_when_no_filter_is_chosen(
    ops_client, django_assert_max_num_queries
):  # and the page's query count does not grow with the list
    submitted, in_review = _case(0.5), _case(1, in_review=True)
    approved, rejected = _case(2, approved=True), _case(2, rejected=True)
    with CaptureQueriesContext(connection) as few:
        response = ops_client.get(reverse(QUEUE))
    baseline = len(few.captured_queries)  # read now: every request resets the query log
    listed = [r.pk for r in response.context["cl"].result_list]
    assert listed == [in_review.pk, submitted.pk]  # oldest (nearest deadline) first
    decided = ops_client.get(reverse(QUEUE), {"queue": "decided"}).context["cl"].result_list
    assert {r.pk for r in decided} == {approved.pk, rejected.pk}
    everything = ops_client.get(reverse(QUEUE), {"queue": "all"}).context["cl"].result_list
    assert len(everything) == 4
    for _ in range(5):
        _case(0.2)
    with django_assert_max_num_queries(baseline):
        ops_client.get(reverse(QUEUE))


def test_queue_marks_cases_urgent_when_due_within_a_day_or_escalated(ops_client):
    fresh = _case(0.1)
    due_soon = _case(2.5)
    escalated = _case(0.1, source=Source.ESCALATION)
    html = ops_client.get(reverse(QUEUE)).content.decode()
    rows = {
        pk: html.split(f"/refundrequest/{pk}/change/", 1)[1].split("</tr>", 1)[0]
        for pk in (fresh.pk, due_soon.pk, escalated.pk)
    }
    assert "ops-case urgent" not in rows[fresh.pk]
    assert "2 d 21 h left" in rows[fresh.pk] or "2 d 22 h left" in rows[fresh.pk]
    assert "ops-case urgent" in rows[due_soon.pk]
    assert "ops-case urgent" in rows[escalated.pk]
    assert "css/admin-ops.css" in html


def test_queue_speaks_korean_when_the_ops_user_reads_korean(ops_client):
    _case(4)
    ops_client.cookies.load({"django_language": "ko"})
    html = ops_client.get(reverse(QUEUE)).content.decode()
    for korean in ("진행 중인 요청", "처리 기한", "초과", "대기열"):
        assert korean in html
    assert "Open cases" not in html


def test_admin_index_leads_with_the_queue_when_ops_open_it(ops_client):
    html = ops_client.get(reverse("admin:index")).content.decode()
    queue = html.index(reverse(QUEUE))
    assert queue < html.index("/admin/axes/")


def test_ops_land_on_the_queue_when_they_sign_in(ops_client):
    response = ops_client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse(QUEUE)


def test_review_list_shows_the_review_text_and_translated_filters_when_korean(ops_client):
    ReviewFactory(body="Level 12 crashes every time I open the shop")
    ops_client.cookies.load({"django_language": "ko"})
    html = ops_client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert "Level 12 crashes every time" in html
    assert "운영팀 숨김" in html and "고객 삭제" in html
    assert "hidden at" not in html and "deleted at" not in html
