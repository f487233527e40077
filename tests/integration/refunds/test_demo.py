import pytest
from django.core.management import call_command

from refunds.models import RefundEvent, RefundRequest, State

pytestmark = pytest.mark.django_db


def test_demo_queue_has_every_state_and_is_idempotent_when_seeded_twice():
    call_command("seed_demo", stdout=None)
    states = set(RefundRequest.objects.values_list("state", flat=True))
    assert {State.SUBMITTED, State.IN_REVIEW, State.NEEDS_INFO, State.APPROVED, State.REJECTED} <= (
        states
    )
    counts = (RefundRequest.objects.count(), RefundEvent.objects.count())

    call_command("seed_demo", stdout=None)

    assert (RefundRequest.objects.count(), RefundEvent.objects.count()) == counts
