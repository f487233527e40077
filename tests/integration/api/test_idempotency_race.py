"""Two sessions send the same key at once, on the real database: the second blocks on the key's
unique index until the first commits, then answers what the first answered (same request) or
422 (another request) — never runs the handler a second time."""

import threading
import time

import pytest
from django.db import connections
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from tests.support.locks import waiting_on_a_lock
from voc_portal.api.idempotency import idempotent
from voc_portal.api.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)


class Held(APIView):
    """The first run keeps its transaction open until `release` is set."""

    authentication_classes = []
    permission_classes = []
    runs: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    @idempotent
    def post(self, request):
        type(self).runs.append(request.data["n"])
        type(self).holding.set()
        type(self).release.wait(10)
        return Response({"n": request.data["n"]}, status=201)


@pytest.mark.parametrize(("second_body", "status"), [({"n": "1"}, 201), ({"n": "2"}, 422)])
def test_the_twin_waits_for_the_first_and_answers_as_it_did(developer, second_body, status):
    token = api_token_create(membership=developer, name="phone").token
    factory = APIRequestFactory()
    Held.runs, answers = [], {}
    Held.holding.clear()
    Held.release.clear()

    def send(name, body):
        try:
            request = factory.post("/api/v1/x/", body, format="json", HTTP_IDEMPOTENCY_KEY="twin")
            force_authenticate(request, user=developer.user, token=token)
            answers[name] = Held.as_view()(request)
        finally:
            connections.close_all()

    first = threading.Thread(target=send, args=("first", {"n": "1"}))
    first.start()
    assert Held.holding.wait(10)
    second = threading.Thread(target=send, args=("second", second_body))
    second.start()
    deadline = time.monotonic() + 10
    while not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    blocked = waiting_on_a_lock()
    Held.release.set()
    first.join(20)
    second.join(20)

    assert blocked, "the twin did not wait on the key's unique index"
    assert Held.runs == ["1"]
    assert answers["first"].status_code == 201
    assert answers["second"].status_code == status
    if status == 201:
        assert answers["second"]["Idempotent-Replayed"] == "true"
        assert answers["second"].data == {"n": "1"}
