"""The one privacy guard on both sides, through HTTP: a customer's review (web form, create and
edit) and a developer's official reply (web and API) are refused with a message naming the part;
innocent text is published. Rows come from the guard's table (tests/unit/catalog)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from reviews import services
from reviews.models import OfficialReply, Review
from tests.factories import CustomerFactory, PurchaseFactory
from tests.unit.catalog.test_privacy_guard import EVASIONS, INNOCENT
from voc_portal.api.services import api_token_create

pytestmark = pytest.mark.django_db

# One row of each kind, and the evasions the issue names.
SAMPLE = [
    "jane\u200b@example.com",
    "０１０-１２３４-５６７８",  # noqa: RUF001
    "공일공-1234-5678",
    "카톡 ID: jane_doe",
    "jane (at) example (dot) com",
]
assert all(text in {t for t, _ in EVASIONS} for text in SAMPLE)


@pytest.fixture
def buyer(developer):
    customer = CustomerFactory()
    customer.purchase = PurchaseFactory(customer=customer, app=developer.app)
    client = Client()
    client.force_login(customer.user)
    customer.client = client
    return customer


def _save(buyer, developer, body):
    url = reverse("reviews:review_save", args=[developer.app.package_name])
    return buyer.client.post(url, {"rating": "4", "body": body})


@pytest.mark.parametrize("text", SAMPLE)
def test_review_with_private_data_is_refused_on_create_and_on_edit(buyer, developer, text):
    response = _save(buyer, developer, f"좋은 앱이에요. {text}")
    assert response.status_code == 400
    assert "A review is public" in response.text
    assert not Review.objects.exists()

    assert _save(buyer, developer, "좋은 앱이에요.").status_code == 302
    assert _save(buyer, developer, f"연락 주세요 {text}").status_code == 400
    assert Review.objects.get().body == "좋은 앱이에요."


def test_review_with_the_customers_own_receipt_number_is_refused(buyer, developer):
    spaced = " ".join(buyer.purchase.receipt_number)
    response = _save(buyer, developer, f"영수증 {spaced} 입니다")
    assert response.status_code == 400 and "a payment identifier" in response.text


@pytest.mark.parametrize("text", INNOCENT[:8])
def test_review_with_innocent_text_is_published(buyer, developer, text):
    assert _save(buyer, developer, text).status_code == 302
    assert Review.objects.get().body == text


@pytest.mark.parametrize("text", SAMPLE)
def test_reply_with_private_data_is_refused_on_the_web_and_the_api(buyer, developer, text):
    review = services.review_create(customer=buyer, app=developer.app, rating=3, body="Meh")
    dev = Client()
    dev.force_login(developer.user)
    web = dev.post(reverse("reviews:reply_publish", args=[review.pk]), {"body": f"Hi! {text}"})
    assert web.status_code == 400 and "An official reply is public" in web.text

    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(membership=developer, name='t').secret}"
    )
    response = api.put(f"/api/v1/reviews/{review.pk}/reply/", {"body": text}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "private_data"
    assert not OfficialReply.objects.exists()
