"""The API of saved views, bulk actions and reports (for the mobile app)."""

import pytest

from inquiries.models import Category, Status
from reviews.models import OfficialReply
from tests.factories import CustomerFactory, PurchaseFactory
from tests.factories.inquiries import InquiryFactory
from tests.factories.reviews import ReviewFactory, ReviewReplyTemplateFactory
from voc_portal.savedviews.models import SavedView

pytestmark = pytest.mark.django_db


def test_bulk_close_over_the_api_reports_done_and_skipped(api, developer, other_developer):
    mine = InquiryFactory(app=developer.app)
    closed = InquiryFactory(app=developer.app, closed=True)
    foreign = InquiryFactory(app=other_developer.app)
    response = api.post(
        "/api/v1/inquiries/bulk/",
        {"action": "close", "ids": [mine.pk, closed.pk, foreign.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["done"] == [mine.pk]
    assert {"reason": "not found", "ids": [foreign.pk]} in body["skipped"]
    assert body["summary"] == "1 closed, 2 skipped: already closed (1); not found (1)"
    foreign.refresh_from_db()
    assert foreign.status == Status.AWAITING_DEVELOPER


def test_bulk_refuses_an_unknown_action_with_a_400(api, developer):
    response = api.post("/api/v1/inquiries/bulk/", {"action": "purge", "ids": [1]}, format="json")
    assert response.status_code == 400
    # The schema lists the registry's actions: anything else fails validation on the field.
    assert "action" in response.json()["fields"]


def test_review_bulk_applies_a_template_and_a_foreign_template_is_404(
    api, developer, other_developer
):
    customer = CustomerFactory()
    PurchaseFactory(customer=customer, app=developer.app)
    review = ReviewFactory(app=developer.app, customer=customer)
    template = ReviewReplyTemplateFactory(account=developer.account, body="Thank you!")
    foreign = ReviewReplyTemplateFactory(account=other_developer.account)
    bad = api.post(
        "/api/v1/reviews/bulk/",
        {"action": "apply_template", "ids": [review.pk], "template": foreign.pk},
        format="json",
    )
    assert bad.status_code == 404
    ok = api.post(
        "/api/v1/reviews/bulk/",
        {"action": "apply_template", "ids": [review.pk], "template": template.pk},
        format="json",
    )
    assert ok.json()["done"] == [review.pk]
    assert OfficialReply.objects.get(review=review).body == "Thank you!"


def test_saved_views_over_the_api(api, developer, django_assert_max_num_queries):
    InquiryFactory(app=developer.app, category=Category.REFUND)
    created = api.post(
        "/api/v1/views/",
        {"kind": "inbox", "name": "Refunds", "query": "category=refund", "shared": True},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["count"] == 1
    pk = created.json()["id"]
    for i in range(4):
        api.post("/api/v1/views/", {"kind": "inbox", "name": f"V{i}"}, format="json")
    with django_assert_max_num_queries(8):
        listed = api.get("/api/v1/views/", {"kind": "inbox"})
    assert [v["name"] for v in listed.json()] == ["Refunds", "V0", "V1", "V2", "V3"]
    renamed = api.patch(f"/api/v1/views/{pk}/", {"name": "환불"}, format="json")
    assert renamed.json()["name"] == "환불"
    assert api.delete(f"/api/v1/views/{pk}/").status_code == 204
    bad = api.post(
        "/api/v1/views/", {"kind": "inbox", "name": "X", "query": "state=zzz"}, format="json"
    )
    assert bad.status_code == 400


def test_another_accounts_view_is_a_404_over_the_api(api, other_api):
    theirs = other_api.post(
        "/api/v1/views/", {"kind": "reviews", "name": "Theirs", "shared": True}, format="json"
    ).json()["id"]
    assert api.patch(f"/api/v1/views/{theirs}/", {"name": "x"}, format="json").status_code == 404
    assert api.delete(f"/api/v1/views/{theirs}/").status_code == 404
    assert api.get("/api/v1/views/", {"kind": "reviews"}).json() == []
    assert SavedView.objects.get(pk=theirs).name == "Theirs"


def test_reports_over_the_api(api, developer, django_assert_max_num_queries):
    InquiryFactory(app=developer.app, answered=True)
    InquiryFactory(app=developer.app)
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/reports/", {"weeks": 4, "group": "category"})
    body = response.json()
    assert response.status_code == 200
    assert body["first_response_total"]["answered"] == 1
    assert body["first_response_total"]["median_seconds"] == 5 * 3600
    assert body["backlog_aging"] == {"lt1d": 1, "1to2d": 0, "2to3d": 0, "overdue": 0}
    assert api.get("/api/v1/reports/", {"weeks": 3}).status_code == 400
