import pytest

from tests.integration.api.conftest import bearer_client
from tests.support.push_service import PushService
from voc_portal.api.services import api_token_create
from voc_portal.push.models import PushMessage, PushSubscription
from voc_portal.push.services import push_message_send, push_subscription_save


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture
def api(developer):
    return bearer_client(api_token_create(membership=developer, name="phone").secret)


def subscribe(membership, service: PushService) -> tuple[PushSubscription, dict]:
    """A device of `membership` subscribed at `service` (as POST /push/subscriptions/ does)."""
    info = service.subscribe()
    subscription, _ = push_subscription_save(
        membership=membership,
        endpoint=info["endpoint"],
        p256dh=info["keys"]["p256dh"],
        auth=info["keys"]["auth"],
    )
    return subscription, info


def send_all() -> list[PushMessage]:
    """What the send task does for every queued row (the task is a thin wrapper around this)."""
    ids = PushMessage.objects.filter(status="queued").order_by("pk").values_list("pk", flat=True)
    return [push_message_send(message_id=pk) for pk in list(ids)]
