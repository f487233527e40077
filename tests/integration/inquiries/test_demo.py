import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from inquiries import demo
from inquiries.models import Inquiry, ReplyTemplate, Status
from tests.factories import AppFactory, CustomerFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def _ctx(developer, customers, purchases):
    """The parts of voc_portal.catalog.demo.DemoContext the hook uses."""
    apps = [developer.app, AppFactory(account=developer.account)]
    return SimpleNamespace(
        accounts=[developer.account],
        apps=apps,
        purchases=purchases,
        users={"customer": customers[0].user},
        random=random.Random(2026),
        now=timezone.now(),
        apps_of=lambda account: [a for a in apps if a.account_id == account.pk],
        purchases_of=lambda c, app=None: [
            p for p in purchases if p.customer_id == c.pk and (app is None or p.app_id == app.pk)
        ],
        count=lambda what, n=1: None,
    )


def test_demo_seed_covers_every_state_when_run_on_fresh_data(developer):
    customers = [CustomerFactory() for _ in range(4)]
    purchases = [PurchaseFactory(app=developer.app, customer=c) for c in customers]
    ctx = _ctx(developer, customers, purchases)
    made = demo.seed(ctx)
    now = timezone.now()
    assert made == len(demo.SCENARIOS)  # the second app has no buyers: skipped
    states = set(Inquiry.objects.values_list("status", flat=True))
    assert states == {Status.AWAITING_DEVELOPER, Status.ANSWERED, Status.CLOSED}
    assert Inquiry.objects.filter(due_at__lte=now).count() == 1  # one already past due
    assert (
        Inquiry.objects.filter(
            due_at__gt=now, due_at__lte=now + timezone.timedelta(hours=24)
        ).count()
        == 2
    )
    assert Inquiry.objects.filter(clock=2, status=Status.AWAITING_DEVELOPER).count() == 1
    assert Inquiry.objects.filter(messages__is_internal=True).exists()
    assert Inquiry.objects.filter(customer=customers[0]).exists()  # the demo login has some
    answered = Inquiry.objects.filter(status=Status.ANSWERED).first()
    reply = answered.messages.filter(author_kind="developer").get()
    assert reply.email.status == "delivered"
    assert answered.first_response_at > answered.created_at
    assert ReplyTemplate.objects.filter(account=developer.account).count() == 3
    assert demo.seed(ctx) == 0  # a second run adds nothing
