"""Cursors are signed: a crafted one (the probe's) is a 400 on every list, never a 500."""

import pytest
from django.urls import reverse

from tests.factories.catalog import AppFactory
from tests.factories.refunds import RefundRequestFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.core.pagination import encode_cursor

pytestmark = pytest.mark.django_db

# From the probe: base64 JSON that decodes, with the wrong types for the list's ordering.
CRAFTED = [
    "W3siZHQiOiAiMjAyNi0wMS0wMVQwMDowMDowMCswMDowMCJ9LCAiYWJjIl0",
    "WzUsIDVd",
    "WyJ4IiwgeyJkZWMiOiAiTmFOIn1d",
    encode_cursor(["x", 1], "another:list"),
]


@pytest.mark.parametrize("cursor", CRAFTED)
def test_public_app_list_answers_400_with_first_page_when_cursor_is_crafted(client, cursor):
    AppFactory(title="Alpha")
    response = client.get("/apps/", {"cursor": cursor})
    assert response.status_code == 400
    assert [a.title for a in response.context["page"]] == ["Alpha"]
    assert "no longer valid" in response.content.decode()


@pytest.mark.parametrize("cursor", CRAFTED)
def test_app_page_answers_400_with_reviews_when_cursor_is_crafted(client, developer, cursor):
    ReviewFactory(app=developer.app)
    url = reverse("reviews:app_detail", args=[developer.app.package_name])
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 400
    assert len(response.context["page"]) == 1


@pytest.mark.parametrize("cursor", CRAFTED)
@pytest.mark.parametrize("path", ["/reviews/", "/refunds/", "/inquiries/"])
def test_developer_lists_answer_400_when_cursor_is_crafted(dev_client, path, cursor):
    response = dev_client.get(path, {"cursor": cursor})
    assert response.status_code == 400


def test_refund_list_shows_first_page_and_message_when_cursor_is_crafted(dev_client, purchase):
    RefundRequestFactory(purchase=purchase)
    response = dev_client.get("/refunds/", {"cursor": CRAFTED[1]})
    assert response.status_code == 400
    assert len(response.context["page"]) == 1
    assert "no longer valid" in response.content.decode()


@pytest.mark.parametrize("cursor", CRAFTED)
@pytest.mark.parametrize("path", ["/api/v1/refunds/", "/api/v1/reviews/", "/api/v1/inquiries/"])
def test_api_lists_answer_400_in_the_error_shape_when_cursor_is_crafted(api, path, cursor):
    response = api.get(path, {"cursor": cursor})
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}


def test_api_cursor_from_the_list_itself_still_pages(api, developer):
    for _ in range(3):
        ReviewFactory(app=developer.app)
    first = api.get("/api/v1/reviews/", {"page_size": 2}).json()
    second = api.get("/api/v1/reviews/", {"page_size": 2, "cursor": first["next_cursor"]})
    assert second.status_code == 200
    assert len(first["results"]) + len(second.json()["results"]) == 3
