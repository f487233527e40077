"""Reviews over the API: console list and official replies with ETag / If-Match."""

import pytest

from reviews import services
from reviews.models import OfficialReply
from tests.factories import CustomerFactory, PurchaseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reviews/"


def make_review(app, rating=4, body="Nice app", customer=None):
    customer = customer or CustomerFactory()
    PurchaseFactory(customer=customer, app=app)
    return services.review_create(customer=customer, app=app, rating=rating, body=body)


def test_console_lists_only_the_token_accounts_reviews_with_counts_when_listed(
    api, developer, other_developer
):
    mine = make_review(developer.app, rating=2)
    make_review(other_developer.app)

    body = api.get(LIST).json()

    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert body["counts"]["total"] == 1 and body["counts"]["unreplied"] == 1
    assert body["counts"]["stars"]["2"] == 1


def test_console_filters_by_stars_and_state_when_asked(api, developer):
    low = make_review(developer.app, rating=1)
    high = make_review(developer.app, rating=5)
    services.review_reply_publish(
        review=high, account=developer.account, author=developer.user, body="Thanks!"
    )

    assert [r["id"] for r in api.get(LIST, {"stars": [1, 2]}).json()["results"]] == [low.pk]
    replied = api.get(LIST, {"state": "replied"}).json()["results"]
    assert [r["id"] for r in replied] == [high.pk]
    assert replied[0]["reply"]["body"] == "Thanks!"
    assert api.get(LIST, {"stars": 9}).status_code == 400


def test_console_query_count_does_not_grow_when_page_size_grows(
    api, developer, django_assert_max_num_queries
):
    for n in range(8):
        review = make_review(developer.app, rating=n % 5 + 1)
        if n % 2:
            services.review_reply_publish(
                review=review, account=developer.account, author=developer.user, body="Thanks"
            )
    with django_assert_max_num_queries(4):
        small = api.get(LIST, {"page_size": 2})
    with django_assert_max_num_queries(4):
        large = api.get(LIST, {"page_size": 8})
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 8


def test_reply_is_posted_with_an_etag_when_put_first(api, developer):
    review = make_review(developer.app)
    url = f"{LIST}{review.pk}/reply/"

    created = api.put(url, {"body": "Thank you!"}, format="json")

    assert created.status_code == 201
    assert created["ETag"] == created.json()["etag"]
    fetched = api.get(url)
    assert fetched.status_code == 200 and fetched["ETag"] == created["ETag"]
    assert api.get(f"{LIST}{review.pk}/")["ETag"] == created["ETag"]


def test_stale_if_match_answers_412_and_keeps_the_reply_when_edited_elsewhere(api, developer):
    review = make_review(developer.app)
    url = f"{LIST}{review.pk}/reply/"
    stale = api.put(url, {"body": "First"}, format="json")["ETag"]
    current = api.put(url, {"body": "Second"}, format="json", HTTP_IF_MATCH=stale)
    assert current.status_code == 200 and current["ETag"] != stale

    response = api.put(url, {"body": "Third"}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert OfficialReply.objects.get(review=review).body == "Second"
    delete = api.delete(url, HTTP_IF_MATCH=stale)
    assert delete.status_code == 412
    assert OfficialReply.objects.filter(review=review).exists()


def test_reply_is_deleted_when_if_match_is_current(api, developer):
    review = make_review(developer.app)
    url = f"{LIST}{review.pk}/reply/"
    etag = api.put(url, {"body": "Thanks"}, format="json")["ETag"]

    assert api.delete(url, HTTP_IF_MATCH=etag).status_code == 204
    assert api.get(url).status_code == 404
    assert api.delete(url).status_code == 404


def test_if_match_answers_412_when_there_is_no_reply_yet(api, developer):
    review = make_review(developer.app)
    response = api.put(
        f"{LIST}{review.pk}/reply/", {"body": "Hi"}, format="json", HTTP_IF_MATCH='"abc"'
    )
    assert response.status_code == 412
    assert not OfficialReply.objects.filter(review=review).exists()


def test_reply_answers_400_when_it_carries_a_payment_identifier(api, developer):
    customer = CustomerFactory()
    purchase = PurchaseFactory(customer=customer, app=developer.app)
    review = services.review_create(customer=customer, app=developer.app, rating=3, body="meh")

    response = api.put(
        f"{LIST}{review.pk}/reply/", {"body": f"Refund for {purchase.tid} done"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "private_data"
    assert "body" in response.json()["fields"]


def test_reply_put_is_replayed_when_idempotency_key_is_reused(api, developer):
    review = make_review(developer.app)
    url = f"{LIST}{review.pk}/reply/"
    first = api.put(url, {"body": "Hi"}, format="json", HTTP_IDEMPOTENCY_KEY="r1")
    again = api.put(url, {"body": "Hi"}, format="json", HTTP_IDEMPOTENCY_KEY="r1")
    assert first.status_code == again.status_code == 201
    assert again["ETag"] == first["ETag"]
    assert again["Idempotent-Replayed"] == "true"
