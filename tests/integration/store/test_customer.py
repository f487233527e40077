"""The store app on behalf of its customer: the same rules as the portal's customer pages."""

import pytest

from inquiries.models import Inquiry, Message
from reviews.models import Review
from tests.factories.reviews import OfficialReplyFactory, ReviewFactory
from tests.integration.inquiries.conftest import png_file

from .conftest import StoreClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(catalog):
    return StoreClient().as_customer("C-1001")


def _contact(me, **overrides):
    body = {
        "app_id": "app-1",
        "category": "refund",
        "subject": "Charged twice",
        "body": "I was charged twice for the puzzle.",
        "purchase_id": "pur-1",
        **overrides,
    }
    return me.post("/me/inquiries/", body)


def test_contact_seller_creates_an_inquiry_through_the_shared_service(me):
    response = _contact(me)
    assert response.status_code == 201, response.json()
    inquiry = Inquiry.objects.get(pk=response.json()["id"])
    assert inquiry.purchase.tid == "Tpur-1"
    assert inquiry.status == "awaiting"
    assert inquiry.messages.get().via == Message.Via.STORE
    assert response.json()["messages"][0]["text"] == "I was charged twice for the puzzle."


def test_contact_seller_with_an_attachment_and_reading_it_back(me):
    data = {
        "app_id": "app-1",
        "category": "error",
        "subject": "Crash",
        "body": "See the picture.",
        "attachments": [png_file()],
    }
    response = me.post_multipart("/me/inquiries/", data)
    assert response.status_code == 201, response.json()
    attachment = response.json()["messages"][0]["attachments"][0]
    assert attachment["content_type"] == "image/png"
    file = me.get(attachment["url"])
    assert file.status_code == 200
    assert file["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"category": "nonsense"}, "category"),
        ({"subject": ""}, "subject"),
        ({"app_id": "app-404"}, "app_id"),
        ({"purchase_id": "pur-404"}, "purchase_id"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(me, change, field):
    response = _contact(me, **change)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_bad_attachment_is_refused_as_on_the_page(me):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "app_id": "app-1",
        "category": "error",
        "subject": "Crash",
        "body": "x",
        "attachments": [SimpleUploadedFile("a.exe", b"MZ not an image")],
    }
    response = me.post_multipart("/me/inquiries/", data)
    assert response.status_code == 400
    assert "attachments" in response.json()["fields"]


def test_list_read_and_follow_up_only_my_own(me, django_assert_max_num_queries):
    mine = _contact(me).json()["id"]
    _contact(me, subject="Second")
    with django_assert_max_num_queries(4):
        listed = me.get("/me/inquiries/")
    assert [i["subject"] for i in listed.json()] == ["Second", "Charged twice"]
    followup = me.post(f"/me/inquiries/{mine}/messages/", {"body": "Any news?"})
    assert followup.status_code == 201, followup.json()
    thread = me.get(f"/me/inquiries/{mine}/").json()
    assert [m["text"] for m in thread["messages"]][-1] == "Any news?"

    StoreClient().put(
        "/customers/cus-2/",
        {"customer_number": "C-2002", "email": "jun@example.com", "language": "en"},
    )
    other = StoreClient().as_customer("C-2002")
    assert other.get(f"/me/inquiries/{mine}/").status_code == 404
    assert other.post(f"/me/inquiries/{mine}/messages/", {"body": "Hi"}).status_code == 404
    assert other.get("/me/inquiries/").json() == []


def test_an_unknown_or_missing_customer_is_403(catalog):
    assert StoreClient().as_customer("C-404").get("/me/inquiries/").status_code == 403
    response = StoreClient().get("/me/inquiries/")
    assert (response.status_code, response.json()["code"]) == (403, "unknown_customer")


def test_my_review_create_edit_read_reply_and_delete(me, catalog):
    created = me.request("PUT", "/me/apps/app-1/review/", b'{"rating": 4, "body": "Nice."}')
    assert created.status_code == 200, created.json()
    edited = me.request("PUT", "/me/apps/app-1/review/", b'{"rating": 2, "body": "Worse now."}')
    assert (edited.json()["rating"], edited.json()["body"]) == (2, "Worse now.")
    review = Review.objects.get()
    OfficialReplyFactory(review=review, account=review.app.account, body="We fixed it.")
    mine = me.get("/me/reviews/").json()
    assert mine[0]["official_reply"]["body"] == "We fixed it."
    assert me.get("/me/apps/app-1/review/").json()["official_reply"]["body"] == "We fixed it."
    assert me.delete("/me/apps/app-1/review/").status_code == 204
    assert me.get("/me/apps/app-1/review/").status_code == 404
    assert me.delete("/me/apps/app-1/review/").status_code == 404


def test_a_review_needs_a_purchase_and_a_valid_rating(me, catalog):
    bad = me.request("PUT", "/me/apps/app-1/review/", b'{"rating": 9, "body": "x"}')
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["rating"])
    StoreClient().put(
        "/customers/cus-2/",
        {"customer_number": "C-2002", "email": "jun@example.com", "language": "en"},
    )
    stranger = StoreClient().as_customer("C-2002")
    refused = stranger.request("PUT", "/me/apps/app-1/review/", b'{"rating": 5, "body": "Great"}')
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_a_purchaser"


def test_a_body_that_is_not_an_object_is_a_400_not_a_500(me):
    assert me.request("POST", "/me/inquiries/", b"[1, 2]").status_code == 400
    assert me.request("PUT", "/me/apps/app-1/review/", b'"five"').status_code == 400
    assert me.request("POST", "/me/inquiries/", b"{broken").status_code == 400


def test_my_reviews_list_in_a_fixed_number_of_queries(me, catalog, django_assert_max_num_queries):
    from tests.factories import AppFactory, PurchaseFactory
    from voc_portal.store.models import StoreCustomer

    customer = StoreCustomer.objects.get(store_id="cus-1").customer
    for _n in range(3):
        app = AppFactory()
        PurchaseFactory(customer=customer, app=app)
        review = ReviewFactory(customer=customer, app=app)
        OfficialReplyFactory(review=review, account=app.account, body="Thanks")
    with django_assert_max_num_queries(3):
        mine = me.get("/me/reviews/")
    assert [r["official_reply"]["body"] for r in mine.json()] == ["Thanks"] * 3
