"""The Idempotency-Key rules at their edges, on one small handler (the decorator is the unit;
test_idempotency.py drives the real endpoints): what counts as the same request, what a replay
carries, the key's alphabet and length, and a 5xx that must not be stored."""

import json

import pytest
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from tests.factories import AppFactory
from voc_portal.api.idempotency import idempotent
from voc_portal.api.models import IdempotencyRecord
from voc_portal.api.services import api_token_create
from voc_portal.catalog.models import App
from voc_portal.core.errors import DomainError

pytestmark = pytest.mark.django_db


class Handler(APIView):
    """Creates one App per run (work a replay must not redo) and answers `answer`: a status,
    or an exception to raise (the view's error handling answers it)."""

    authentication_classes = []
    permission_classes = []
    answer = 201

    @idempotent
    def post(self, request):
        AppFactory()
        if isinstance(type(self).answer, Exception):
            raise type(self).answer
        response = Response({"apps": App.objects.count()}, status=type(self).answer)
        response["ETag"] = '"v1"'
        response["Location"] = "/api/v1/things/1/"
        response["X-Other"] = "not kept"
        return response


@pytest.fixture
def send(developer):
    token = api_token_create(membership=developer, name="phone").token
    factory = APIRequestFactory()

    def post(body, key, *, path="/api/v1/things/", content_type="application/json", answer=201):
        Handler.answer = answer
        headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
        request = factory.post(path, data=body, content_type=content_type, **headers)
        force_authenticate(request, user=developer.user, token=token)
        return Handler.as_view()(request)

    return post


def _apps() -> int:
    return App.objects.count()


def test_without_a_key_every_request_runs(send):
    before = _apps()
    send('{"a": 1}', None)
    send('{"a": 1}', None)
    assert _apps() == before + 2
    assert not IdempotencyRecord.objects.exists()


def test_the_same_json_object_written_otherwise_is_the_same_request(send):
    first = send('{"a": 1, "b": [1, 2]}', "k")
    again = send('{ "b": [1,2],\n  "a": 1 }', "k")  # other key order and spacing

    assert again.status_code == first.status_code == 201
    assert again.data == first.data
    assert again["Idempotent-Replayed"] == "true"
    assert send('{"a": 2, "b": [1, 2]}', "k").status_code == 422


def test_a_body_that_is_not_json_is_compared_byte_for_byte(send):
    assert send("a=1&b=2", "form", content_type="text/plain").status_code == 201
    assert send("a=1&b=2", "form", content_type="text/plain")["Idempotent-Replayed"] == "true"
    assert send("b=2&a=1", "form", content_type="text/plain").status_code == 422


def test_the_same_key_on_another_path_is_another_request(send):
    send('{"a": 1}', "p")
    assert send('{"a": 1}', "p", path="/api/v1/other-things/").status_code == 422


def test_a_replay_carries_the_etag_and_location_but_no_other_header(send):
    send("{}", "h")
    replay = send("{}", "h")
    assert (replay["ETag"], replay["Location"]) == ('"v1"', "/api/v1/things/1/")
    assert not replay.has_header("X-Other")


@pytest.mark.parametrize(
    ("key", "status"), [("", 400), ("a b", 400), ("ключ", 400), ("x" * 255, 201), ("~!", 201)]
)
def test_a_key_is_1_to_255_visible_ascii_characters(send, key, status):
    response = send("{}", key)
    assert response.status_code == status
    if status == 400:
        assert "Send 1 to 255 visible ASCII characters" in json.dumps(response.data)


@pytest.mark.parametrize("answer", [500, 503, exceptions.APIException()])
def test_a_5xx_is_rolled_back_and_not_stored_so_the_retry_runs_again(send, answer):
    before = _apps()
    assert send("{}", "boom", answer=answer).status_code == getattr(answer, "status_code", answer)
    assert _apps() == before  # the handler's work rolled back
    assert not IdempotencyRecord.objects.filter(key="boom").exists()

    retried = send("{}", "boom", answer=201)
    assert retried.status_code == 201
    assert not retried.has_header("Idempotent-Replayed")
    assert _apps() == before + 1


@pytest.mark.parametrize("answer", [409, exceptions.NotFound(), DomainError("no", code="nope")])
def test_a_4xx_answered_or_raised_is_stored_and_replayed(send, answer):
    first = send("{}", "late", answer=answer)
    before = _apps()
    again = send("{}", "late", answer=201)
    assert first.status_code in (404, 409, 400)
    assert again.status_code == first.status_code
    assert again["Idempotent-Replayed"] == "true"
    assert _apps() == before
