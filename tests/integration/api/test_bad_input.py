"""Bad input is a 4xx in the error shape, never a 500 (cases found by probing the edges)."""

import pytest

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999999"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/api/v1/inquiries/{BIG}/", 404),
        (f"/api/v1/reviews/{BIG}/reply/", 404),
        (f"/api/v1/refunds/{BIG}/", 404),
        (f"/api/v1/inquiries/?app={BIG}", 400),
        ("/api/v1/inquiries/?q=%00abc", 400),
        ("/api/v1/reviews/?q=%00abc", 400),
        ("/api/v1/reviews/?state=", 400),
        ("/api/v1/refunds/?state=", 400),
        ("/api/v1/inquiries/?state=", 400),
        ("/api/v1/inquiries/?page_size=ten", 400),
        ("/api/v1/reviews/?cursor=", 400),
        ("/api/v1/refunds/?cursor=%00", 400),
    ],
)
def test_edge_values_answer_4xx_when_sent_in_the_url(api, developer, url, status):
    response = api.get(url)
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "fields"}


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        "text",
        {"consent": "O"},
        {
            "consent": "X",
            "customer_number": "C1",
            "purchased_at": "9999-12-31T23:59:59-12:00",
            "purchased_item": "x",
            "reason": "r",
        },
        {
            "consent": "X",
            "customer_number": "C1\x00",
            "purchased_at": "2026-01-01T00:00:00Z",
            "purchased_item": "x",
            "reason": "r",
        },
    ],
)
def test_refund_create_answers_400_when_body_is_malformed(api, developer, body):
    response = api.post("/api/v1/refunds/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}
