"""Personal API tokens: issued once, stored hashed, scoped to one membership, revocable."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import AppFactory, MembershipFactory
from voc_portal.api.models import ApiToken
from voc_portal.api.services import api_token_create, api_token_revoke

from .conftest import bearer_client

pytestmark = pytest.mark.django_db

APPS = "/api/v1/apps/"


def test_token_is_shown_once_and_stored_hashed_when_created_in_settings(dev_client, developer):
    response = dev_client.post(reverse("api:tokens"), {"name": "My phone", "expires_in": "90"})

    assert response.status_code == 200
    secret = response.context["issued"].secret
    assert secret.startswith("voc_") and len(secret) > 40
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(membership=developer)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.expires_at > timezone.now() + timedelta(days=89)
    # The list page afterwards shows the prefix, never the secret.
    listing = dev_client.get(reverse("api:tokens")).content.decode()
    assert token.prefix in listing and secret not in listing
    assert bearer_client(secret).get(APPS).status_code == 200


def test_token_page_refuses_blank_name_when_creating(dev_client, developer):
    response = dev_client.post(reverse("api:tokens"), {"name": "  ", "expires_in": "never"})

    assert response.status_code == 400
    assert not ApiToken.objects.filter(membership=developer).exists()


def test_token_page_is_forbidden_when_user_is_a_customer(customer_client):
    assert customer_client.get(reverse("api:tokens")).status_code == 403


def test_revoked_token_answers_401_when_used(dev_client, developer, issued_token):
    client = bearer_client(issued_token.secret)
    assert client.get(APPS).status_code == 200

    response = dev_client.post(reverse("api:token_revoke", args=[issued_token.token.pk]))

    assert response.status_code == 302
    answer = client.get(APPS)
    assert answer.status_code == 401
    assert answer.json()["code"] == "authentication_failed"
    assert set(answer.json()) == {"code", "message", "fields"}


def test_revoking_another_members_token_is_404_when_tried_in_settings(dev_client, other_developer):
    foreign = api_token_create(membership=other_developer, name="theirs")

    response = dev_client.post(reverse("api:token_revoke", args=[foreign.token.pk]))

    assert response.status_code == 404
    assert bearer_client(foreign.secret).get(APPS).status_code == 200


def test_revoke_changes_nothing_when_run_twice(issued_token):
    first = api_token_revoke(token=issued_token.token).revoked_at
    second = api_token_revoke(token=issued_token.token).revoked_at
    assert first is not None and first == second


def test_expired_token_answers_401_when_used_after_expiry(developer):
    issued = api_token_create(
        membership=developer, name="short", expires_at=timezone.now() + timedelta(hours=1)
    )
    client = bearer_client(issued.secret)
    assert client.get(APPS).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.get(APPS)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "header",
    ["Bearer voc_not-a-real-token", "Bearer", "Bearer a b", "Token abc"],
)
def test_request_answers_401_when_token_is_unknown_or_malformed(client, header):
    response = client.get(APPS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] in {"authentication_failed", "not_authenticated"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_request_answers_401_when_no_token_is_sent(client):
    response = client.get(APPS)
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "message": response.json()["message"],
        "fields": {},
    }


def test_session_login_is_not_enough_when_calling_the_api(dev_client):
    assert dev_client.get(APPS).status_code == 401


def test_token_answers_401_when_user_is_deactivated(developer, issued_token):
    developer.user.is_active = False
    developer.user.save(update_fields=["is_active"])
    assert bearer_client(issued_token.secret).get(APPS).status_code == 401


def test_token_acts_in_its_own_account_only_when_user_belongs_to_two_accounts(developer):
    second = MembershipFactory(user=developer.user)
    second_app = AppFactory(account=second.account)
    issued = api_token_create(membership=developer, name="first account")

    ids = {a["id"] for a in bearer_client(issued.secret).get(APPS).json()}

    assert ids == {developer.app.pk}
    assert second_app.pk not in ids


def test_last_used_is_written_at_most_once_a_minute_when_token_is_busy(
    issued_token, django_assert_num_queries
):
    client = bearer_client(issued_token.secret)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(APPS)
        first = ApiToken.objects.get(pk=issued_token.token.pk).last_used_at
        assert first == start
        # Token lookup + apps; no UPDATE for a second request within the minute.
        with django_assert_num_queries(2):
            client.get(APPS)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(APPS)
        assert ApiToken.objects.get(pk=issued_token.token.pk).last_used_at == first
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(APPS)
        assert ApiToken.objects.get(pk=issued_token.token.pk).last_used_at > first


def test_apps_list_query_count_does_not_grow_when_the_account_has_more_apps(
    api, developer, django_assert_max_num_queries
):
    api.get(APPS)  # the token's first use writes last_used_at; later ones within a minute do not
    for _ in range(10):
        AppFactory(account=developer.account)
    with django_assert_max_num_queries(2):
        response = api.get(APPS)
    assert len(response.json()) == 11


def test_token_answers_401_when_member_leaves_the_account(developer, issued_token):
    developer.delete()
    assert bearer_client(issued_token.secret).get(APPS).status_code == 401
    assert not ApiToken.objects.filter(pk=issued_token.token.pk).exists()
