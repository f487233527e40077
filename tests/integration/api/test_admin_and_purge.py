"""Ops see and revoke tokens in admin; stored idempotent responses are purged after their TTL."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import OpsUserFactory
from voc_portal.api import tasks
from voc_portal.api.models import ApiToken, IdempotencyRecord

from .conftest import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(OpsUserFactory(is_superuser=True))
    return client


def test_admin_lists_tokens_without_their_hash_when_opened(admin_client, issued_token):
    response = admin_client.get(reverse("admin:api_apitoken_changelist"))
    assert response.status_code == 200
    assert issued_token.token.prefix in response.content.decode()
    change = admin_client.get(reverse("admin:api_apitoken_change", args=[issued_token.token.pk]))
    assert issued_token.token.token_hash not in change.content.decode()
    assert admin_client.get(reverse("admin:api_apitoken_add")).status_code == 403


def test_admin_revoke_action_stops_the_token_when_applied(admin_client, issued_token):
    response = admin_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [issued_token.token.pk]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=issued_token.token.pk).revoked_at is not None
    assert bearer_client(issued_token.secret).get("/api/v1/apps/").status_code == 401


def test_purge_deletes_only_records_past_the_ttl_when_run(issued_token):
    old = IdempotencyRecord.objects.create(
        token=issued_token.token,
        key="old",
        fingerprint="x",
        status_code=201,
        created_at=timezone.now() - timedelta(hours=25),
    )
    fresh = IdempotencyRecord.objects.create(
        token=issued_token.token, key="fresh", fingerprint="x", status_code=201
    )

    assert tasks.idempotency_record_purge_task() == 1
    assert tasks.idempotency_record_purge_task() == 0
    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    assert IdempotencyRecord.objects.filter(pk=fresh.pk).exists()


def test_purge_is_a_reviewed_beat_entry_when_settings_load():
    tasks_scheduled = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "voc_portal.api.tasks.idempotency_record_purge_task" in tasks_scheduled
