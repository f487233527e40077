"""Idempotency-Key: a retried POST returns the first response and creates nothing."""

import threading

import pytest
from django.db import connection

from inquiries.models import Message
from voc_portal.api.models import IdempotencyRecord

from .conftest import bearer_client
from .test_inquiries import make_inquiry


def _developer_messages(inquiry):
    return Message.objects.filter(inquiry=inquiry, author_kind="developer")


@pytest.mark.django_db
def test_replay_returns_the_first_response_and_creates_nothing_when_key_is_reused(api, developer):
    inquiry = make_inquiry(developer.app)
    url = f"/api/v1/inquiries/{inquiry.pk}/reply/"

    first = api.post(url, {"body": "On it"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post(url, {"body": "On it"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert _developer_messages(inquiry).count() == 1


@pytest.mark.django_db
def test_same_key_answers_422_when_the_request_body_differs(api, developer):
    inquiry = make_inquiry(developer.app)
    url = f"/api/v1/inquiries/{inquiry.pk}/reply/"
    api.post(url, {"body": "On it"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")

    response = api.post(url, {"body": "Other"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert _developer_messages(inquiry).count() == 1


@pytest.mark.django_db
def test_error_response_is_replayed_too_when_first_attempt_failed(api, developer):
    inquiry = make_inquiry(developer.app)
    url = f"/api/v1/inquiries/{inquiry.pk}/reopen/"

    first = api.post(url, HTTP_IDEMPOTENCY_KEY="k-3")
    second = api.post(url, HTTP_IDEMPOTENCY_KEY="k-3")

    assert first.status_code == second.status_code == 409
    assert second.json() == first.json()


@pytest.mark.django_db
def test_keys_are_per_token_when_two_members_use_the_same_key(api, developer):
    from tests.factories import MembershipFactory
    from voc_portal.api.services import api_token_create

    colleague = MembershipFactory(account=developer.account)
    colleague_api = bearer_client(api_token_create(membership=colleague, name="c").secret)
    inquiry = make_inquiry(developer.app)
    url = f"/api/v1/inquiries/{inquiry.pk}/notes/"

    api.post(url, {"body": "a"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    colleague_api.post(url, {"body": "b"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")

    assert _developer_messages(inquiry).count() == 2


@pytest.mark.django_db
def test_key_answers_400_when_too_long(api, developer):
    inquiry = make_inquiry(developer.app)
    response = api.post(
        f"/api/v1/inquiries/{inquiry.pk}/notes/",
        {"body": "a"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x" * 300,
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_one_reply_when_sent_at_once(developer):
    from voc_portal.api.services import api_token_create

    secret = api_token_create(membership=developer, name="phone").secret
    inquiry = make_inquiry(developer.app)
    url = f"/api/v1/inquiries/{inquiry.pk}/reply/"
    barrier = threading.Barrier(4)
    results = []

    def send():
        try:
            client = bearer_client(secret)
            barrier.wait()
            response = client.post(url, {"body": "once"}, format="json", HTTP_IDEMPOTENCY_KEY="c")
            results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == 4
    assert {status for status, _ in results} == {201}
    assert len({message_id for _, message_id in results}) == 1
    assert _developer_messages(inquiry).count() == 1
    assert IdempotencyRecord.objects.filter(key="c").count() == 1
