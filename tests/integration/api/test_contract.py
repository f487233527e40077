"""The strict API contract (issue 11, item 4): If-Match required on edits (428), the idempotency
fingerprint over canonical JSON, the key's format, and bodies and queries refused as the schema
says. Through HTTP, with a real token."""

import json

import pytest

from reviews.models import OfficialReply

from .test_refunds import needs_info
from .test_reviews import make_review

pytestmark = pytest.mark.django_db


def _reply(api, review, body="Thanks!", **headers):
    return api.put(f"/api/v1/reviews/{review.pk}/reply/", {"body": body}, format="json", **headers)


def test_first_reply_needs_no_if_match_but_an_edit_answers_428_without_one(api, developer):
    review = make_review(developer.app)
    created = _reply(api, review)
    assert created.status_code == 201

    response = _reply(api, review, "Changed")

    assert response.status_code == 428
    assert response.json() == {
        "code": "precondition_required",
        "message": response.json()["message"],
        "fields": {},
    }
    assert OfficialReply.objects.get(review=review).body == "Thanks!"
    ok = _reply(api, review, "Changed", HTTP_IF_MATCH=created["ETag"])
    assert ok.status_code == 200 and ok.json()["body"] == "Changed"


@pytest.mark.parametrize(("if_match", "status"), [("", 428), ('""', 412), ('"stale"', 412)])
def test_empty_if_match_is_428_and_an_empty_tag_is_412_when_editing(
    api, developer, if_match, status
):
    review = make_review(developer.app)
    _reply(api, review)

    response = _reply(api, review, "Changed", HTTP_IF_MATCH=if_match)

    assert response.status_code == status
    assert OfficialReply.objects.get(review=review).body == "Thanks!"


def test_empty_if_match_is_428_even_when_there_is_no_reply_yet(api, developer):
    review = make_review(developer.app)
    assert _reply(api, review, HTTP_IF_MATCH="").status_code == 428
    assert not OfficialReply.objects.filter(review=review).exists()


def test_delete_answers_428_without_if_match_and_keeps_the_reply(api, developer):
    review = make_review(developer.app)
    etag = _reply(api, review)["ETag"]
    url = f"/api/v1/reviews/{review.pk}/reply/"

    assert api.delete(url).status_code == 428
    assert OfficialReply.objects.filter(review=review).exists()
    assert api.delete(url, HTTP_IF_MATCH=etag).status_code == 204


def test_refund_answer_answers_428_without_if_match_and_changes_nothing(api, developer, purchase):
    refund = needs_info(developer, purchase)
    url = f"/api/v1/refunds/{refund.pk}/answer/"

    response = api.post(url, {"answer": "Build 42"}, format="json")

    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    refund.refresh_from_db()
    assert refund.state == "needs_info"


def test_same_json_reserialised_replays_instead_of_422_when_the_key_is_reused(api, developer):
    review = make_review(developer.app)
    url = f"/api/v1/reviews/{review.pk}/reply/"
    compact = json.dumps({"body": "Thanks!"}, separators=(",", ":"))
    spaced = '{\n  "body" :  "Thanks!"\n}'

    first = api.put(url, compact, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.put(url, spaced, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = api.put(
        url, '{"body": "Other"}', content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert first.status_code == 201
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert OfficialReply.objects.get(review=review).version == 1


@pytest.mark.parametrize("key", ["", "has space", "ü" * 3, "x" * 256])
def test_idempotency_key_outside_the_schema_pattern_answers_400(api, developer, key):
    review = make_review(developer.app)
    response = _reply(api, review, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert not OfficialReply.objects.filter(review=review).exists()


@pytest.mark.parametrize("body", [5, 1.5, True, ["Thanks"], {"x": 1}, None])
def test_non_string_reply_body_answers_400_when_sent(api, developer, body):
    review = make_review(developer.app)
    response = _reply(api, review, body)
    assert response.status_code == 400
    assert "body" in response.json()["fields"]
    assert not OfficialReply.objects.filter(review=review).exists()


def test_schema_says_what_the_server_enforces():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(public=True)
    put = schema["paths"]["/api/v1/reviews/{id}/reply/"]["put"]
    delete = schema["paths"]["/api/v1/reviews/{id}/reply/"]["delete"]
    params = {p["name"]: p for p in delete["parameters"] if p["in"] == "header"}
    assert params["If-Match"]["required"] is True
    assert params["If-Match"]["schema"]["minLength"] == 1
    assert params["Idempotency-Key"]["schema"]["pattern"] == r"^[!-~]{1,255}$"
    assert {"412", "414", "428"} <= set(put["responses"]) and "428" in delete["responses"]
    cursor = next(
        p for p in schema["paths"]["/api/v1/reviews/"]["get"]["parameters"] if p["name"] == "cursor"
    )
    assert "invalid_cursor" in cursor["description"]
