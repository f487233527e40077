import pytest
from django.utils import timezone

from inquiries import demo
from inquiries.models import Inquiry, ReplyTemplate, Status
from tests.factories import PurchaseFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_state_when_run_on_fresh_data(developer):
    for _ in range(3):
        PurchaseFactory(app=developer.app)
    made = demo.seed(None)
    now = timezone.now()
    assert made == len(demo.SCENARIOS)
    states = set(Inquiry.objects.values_list("status", flat=True))
    assert states == {Status.AWAITING_DEVELOPER, Status.ANSWERED, Status.CLOSED}
    assert Inquiry.objects.filter(due_at__lte=now).count() == 1  # one already past due
    assert Inquiry.objects.filter(clock=2, status=Status.AWAITING_DEVELOPER).count() == 1
    assert Inquiry.objects.filter(messages__is_internal=True).exists()
    answered = Inquiry.objects.filter(status=Status.ANSWERED).first()
    reply = answered.messages.filter(author_kind="developer").get()
    assert reply.email.status == "delivered"
    assert answered.first_response_at > answered.created_at
    assert ReplyTemplate.objects.filter(account=developer.account).count() == 3
    assert demo.seed(None) == 0  # a second run adds nothing
