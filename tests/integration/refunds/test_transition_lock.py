"""Two sessions decide one request at the same time, on the real database: the row lock makes
the second wait for the first and then see the decided state (one decision, one event)."""

import threading
import time

import pytest
from django.db import connections, transaction

from refunds import services
from refunds.models import RefundEvent, RefundRequest, State
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory
from tests.support.locks import waiting_on_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


def test_second_decision_waits_for_the_first_and_is_refused(purchase):
    refund = RefundRequestFactory(purchase=purchase, state=State.IN_REVIEW)
    first_ops, second_ops = OpsUserFactory(), OpsUserFactory()
    first_holds, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                services.refund_reject(refund=refund, actor=first_ops, reason="no")
                first_holds.set()
                release.wait(10)  # keep the row locked until the second one is waiting
        finally:
            connections.close_all()

    def second():
        try:
            first_holds.wait(10)
            services.refund_approve(refund=refund, actor=second_ops)
            outcome["second"] = "approved"
        except services.InvalidTransition as exc:
            outcome["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_holds.wait(10)
    deadline = time.monotonic() + 10
    while not waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    blocked = waiting_on_a_lock()
    release.set()
    for t in threads:
        t.join(20)

    assert blocked, "the second decision did not wait for the first one's row lock"
    assert isinstance(outcome["second"], services.InvalidTransition)
    assert RefundRequest.objects.get(pk=refund.pk).state == State.REJECTED
    decisions = RefundEvent.objects.filter(refund=refund, kind=RefundEvent.Kind.TRANSITION)
    assert list(decisions.values_list("to_state", flat=True)) == [State.REJECTED]
