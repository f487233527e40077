"""Push rows to the local push service: encrypted, signed, retried, removed when gone, deduped."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import AppFactory, MembershipFactory
from tests.integration.push.conftest import send_all, subscribe
from voc_portal.catalog.models import AppAccess
from voc_portal.push.models import PushKind, PushMessage, PushSubscription
from voc_portal.push.services import (
    PushNotice,
    notification_settings_update,
    push_message_claim,
    push_message_redrive,
    push_message_send,
    push_notify_many,
)
from voc_portal.push.vapid import vapid_public_key

pytestmark = pytest.mark.django_db

PAYLOAD = {"title": "Hello", "body": "안녕하세요 — a test", "url": "/app/#/inquiries/7", "tag": "t"}


def _notice(membership, *, key="event:1", kind=PushKind.INQUIRY_CREATED, **kw) -> PushNotice:
    return PushNotice(
        kind=kind, key=key, account_id=membership.account_id, render=lambda: dict(PAYLOAD), **kw
    )


def test_push_arrives_decrypted_and_vapid_signed_when_sent(developer, push_service):
    _subscription, info = subscribe(developer, push_service)

    assert push_notify_many(notices=[_notice(developer)]) == 1
    [message] = send_all()

    assert message.status == PushMessage.Status.SENT and message.sent_at is not None
    [received] = push_service.for_endpoint(info["endpoint"])
    assert received.json() == PAYLOAD
    assert received.vapid_key == vapid_public_key()
    assert received.claims["aud"] == push_service.origin
    assert received.claims["sub"].startswith("mailto:")
    assert received.headers["content-encoding"] == "aes128gcm"
    assert int(received.headers["ttl"]) > 0
    assert push_service.rejected == []


def test_push_service_rejects_a_wrong_key_so_the_check_can_fail(developer, push_service):
    subscription, _info = subscribe(developer, push_service)
    other = push_service.subscribe()  # a valid key pair of another browser
    PushSubscription.objects.filter(pk=subscription.pk).update(p256dh=other["keys"]["p256dh"])

    push_notify_many(notices=[_notice(developer)])
    [message] = send_all()

    assert push_service.received == []
    assert push_service.rejected and "decrypt" in push_service.rejected[0][1]
    assert message.status == PushMessage.Status.FAILED  # a 400 is not retried
    assert "400" in message.last_error


def test_same_event_is_pushed_once_per_device_when_queued_twice(developer, push_service):
    subscribe(developer, push_service)
    subscribe(developer, push_service)  # the member's second device

    assert push_notify_many(notices=[_notice(developer), _notice(developer)]) == 2
    push_notify_many(notices=[_notice(developer)])
    send_all()
    push_notify_many(notices=[_notice(developer)])  # after sending too
    send_all()

    assert PushMessage.objects.count() == 2
    assert len(push_service.received) == 2
    assert {r.token for r in push_service.received} == set(push_service.attempts)


def test_subscription_is_removed_when_the_push_service_answers_410(developer, push_service):
    subscription, info = subscribe(developer, push_service)
    push_service.script(info["endpoint"], [410])

    push_notify_many(notices=[_notice(developer)])
    [message] = send_all()

    assert message.status == PushMessage.Status.GONE
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    push_notify_many(notices=[_notice(developer, key="event:2")])
    assert PushMessage.objects.count() == 1  # nothing queued for the removed device


def test_subscription_is_removed_when_the_endpoint_is_unknown_404(developer, push_service):
    subscription, info = subscribe(developer, push_service)
    PushSubscription.objects.filter(pk=subscription.pk).update(
        endpoint=info["endpoint"] + "-expired"
    )

    push_notify_many(notices=[_notice(developer)])
    [message] = send_all()

    assert message.status == PushMessage.Status.GONE
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("status", [429, 500])
def test_push_is_retried_after_backoff_when_the_service_is_busy(
    developer, push_service, status, settings
):
    settings.VOC_PUSH_RETRY_BASE_SECONDS = 60
    _subscription, info = subscribe(developer, push_service)
    push_service.script(info["endpoint"], [status, status], headers={"Retry-After": "120"})
    push_notify_many(notices=[_notice(developer)])

    [message] = send_all()
    assert message.status == PushMessage.Status.QUEUED and message.attempts == 1
    assert message.next_attempt_at - timezone.now() >= timedelta(seconds=119)
    assert push_message_send(message_id=message.pk) is None  # still waiting: not claimable

    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        again = push_message_send(message_id=message.pk)
        assert again.status == PushMessage.Status.QUEUED and again.attempts == 2
    with time_machine.travel(again.next_attempt_at + timedelta(seconds=1)):
        final = push_message_send(message_id=message.pk)

    assert final.status == PushMessage.Status.SENT and final.attempts == 3
    assert len(push_service.for_endpoint(info["endpoint"])) == 1
    assert push_service.attempts[info["endpoint"].rsplit("/", 1)[-1]] == 3


def test_push_fails_for_good_after_the_last_attempt_when_always_busy(
    developer, push_service, settings
):
    settings.VOC_PUSH_MAX_ATTEMPTS = 2
    settings.VOC_PUSH_RETRY_BASE_SECONDS = 0
    _, info = subscribe(developer, push_service)
    push_service.script(info["endpoint"], [503, 503, 503])
    push_notify_many(notices=[_notice(developer)])

    send_all()
    [message] = send_all()

    assert message.status == PushMessage.Status.FAILED and message.attempts == 2
    assert push_message_send(message_id=message.pk) is None
    assert push_service.received == []


@pytest.mark.parametrize("status", [413, 400, 403])
def test_push_is_failed_and_logged_when_the_service_refuses_it(
    developer, push_service, status, caplog
):
    subscription, info = subscribe(developer, push_service)
    push_service.script(info["endpoint"], [status])
    push_notify_many(notices=[_notice(developer)])

    [message] = send_all()

    assert message.status == PushMessage.Status.FAILED and message.attempts == 1
    assert str(status) in message.last_error
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()  # only 404/410 remove
    assert any(r.levelname == "ERROR" and f"push {message.pk}" in r.message for r in caplog.records)


def test_push_to_an_unreachable_service_is_retried_when_the_connection_fails(
    developer, push_service
):
    _, _info = subscribe(developer, push_service)
    push_notify_many(notices=[_notice(developer)])
    push_service.stop()

    [message] = send_all()

    assert message.status == PushMessage.Status.QUEUED and message.attempts == 1
    assert "Connection" in message.last_error


def test_a_second_worker_cannot_send_a_claimed_row_when_two_race(developer, push_service):
    _, _info = subscribe(developer, push_service)
    push_notify_many(notices=[_notice(developer)])
    message = PushMessage.objects.get()

    assert push_message_claim(message_id=message.pk) is not None
    assert push_message_send(message_id=message.pk) is None  # held by the first
    assert push_service.received == []


def test_redrive_hands_out_rows_left_queued_or_stuck_when_run(developer, push_service, settings):
    subscribe(developer, push_service)
    push_notify_many(notices=[_notice(developer), _notice(developer, key="event:2")])
    stuck, waiting = PushMessage.objects.order_by("pk")
    PushMessage.objects.filter(pk=stuck.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(hours=1), attempts=1
    )

    assert push_message_redrive() == 1  # the fresh row's own task is on its way
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert push_message_redrive() == 2
        sent = [push_message_send(message_id=m.pk) for m in (stuck, waiting)]

    assert [m.status for m in sent] == ["sent", "sent"]
    assert len(push_service.received) == 2


def test_members_get_only_their_account_and_chosen_kinds_when_notified(
    developer, other_developer, push_service
):
    colleague = MembershipFactory(account=developer.account)
    mine, _ = subscribe(developer, push_service)
    theirs, _ = subscribe(colleague, push_service)
    subscribe(other_developer, push_service)  # another account: never
    notification_settings_update(membership=colleague, kinds={"reminder": False})

    push_notify_many(
        notices=[
            _notice(developer, key="a", kind=PushKind.REMINDER),
            _notice(developer, key="b", kind=PushKind.ESCALATED),
            _notice(developer, key="c", membership_ids=frozenset({colleague.pk})),
            _notice(developer, key="d", exclude_user_id=developer.user_id),
        ]
    )

    rows = set(PushMessage.objects.values_list("dedupe_key", flat=True))
    assert rows == {
        f"a:{mine.pk}",
        f"b:{mine.pk}",
        f"b:{theirs.pk}",
        f"c:{theirs.pk}",
        f"d:{theirs.pk}",
    }


def test_members_limited_to_some_apps_get_pushes_of_those_apps_only(developer, push_service):
    limited = MembershipFactory(account=developer.account, all_apps=False)
    other_app = AppFactory(account=developer.account)
    AppAccess.objects.create(membership=limited, app=developer.app)
    sub, _ = subscribe(limited, push_service)

    push_notify_many(
        notices=[
            _notice(developer, key="seen", app_id=developer.app.pk),
            _notice(developer, key="hidden", app_id=other_app.pk),
        ]
    )

    assert list(PushMessage.objects.values_list("dedupe_key", flat=True)) == [f"seen:{sub.pk}"]


def test_payload_is_rendered_in_each_members_language_when_queued(developer, push_service):
    colleague = MembershipFactory(account=developer.account)
    developer.user.language, colleague.user.language = "ko", "en"
    developer.user.save(update_fields=["language"])
    colleague.user.save(update_fields=["language"])
    subscribe(developer, push_service)
    subscribe(colleague, push_service)
    notice = PushNotice(
        kind=PushKind.ESCALATED,
        key="lang",
        account_id=developer.account_id,
        render=lambda: {"title": _("Escalated to store operations"), "body": "", "url": "/"},
    )

    push_notify_many(notices=[notice])
    send_all()

    titles = sorted(r.json()["title"] for r in push_service.received)
    assert titles == ["Escalated to store operations", "스토어 운영팀으로 이관"]


def test_long_bodies_are_cut_so_the_push_fits_when_queued(developer, push_service):
    subscribe(developer, push_service)
    notice = PushNotice(
        kind=PushKind.LOW_REVIEW,
        key="long",
        account_id=developer.account_id,
        render=lambda: {"title": "t", "body": "가" * 5000, "url": "/", "tag": "x"},
    )
    push_notify_many(notices=[notice])
    [message] = send_all()

    assert message.status == "sent"
    body = push_service.received[0].json()["body"]
    assert len(body) <= 180 and body.endswith("…")
    assert len(json.dumps(message.payload, ensure_ascii=False).encode()) < 3000


def test_nothing_is_stored_when_the_transaction_rolls_back(developer, push_service):
    subscribe(developer, push_service)
    with pytest.raises(RuntimeError), transaction.atomic():
        push_notify_many(notices=[_notice(developer)])
        raise RuntimeError("the event failed")

    assert not PushMessage.objects.exists()
