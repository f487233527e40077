"""The push API the Developer Center app uses: key, subscriptions, notification settings."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tests.integration.api.conftest import bearer_client
from voc_portal.api.services import api_token_create
from voc_portal.push.models import PushSubscription
from voc_portal.push.vapid import b64url_decode, private_key_from_b64, public_key_b64

pytestmark = pytest.mark.django_db

KINDS = ["inquiry_created", "reminder", "escalated", "low_review", "assigned"]


def test_key_is_the_public_half_of_the_configured_vapid_key_when_asked(api, settings):
    response = api.get(reverse("api:push_key"))

    assert response.status_code == 200
    key = response.json()["public_key"]
    raw = b64url_decode(key)
    assert len(raw) == 65 and raw[0] == 4
    assert key == public_key_b64(private_key_from_b64(settings.VOC_PUSH_VAPID_PRIVATE_KEY))


def test_key_needs_a_token_when_anonymous(client):
    assert client.get(reverse("api:push_key")).status_code == 401


def test_subscribing_twice_is_one_row_when_the_endpoint_repeats(api, developer, push_service):
    info = push_service.subscribe()
    url = reverse("api:push_subscriptions")

    first = api.post(url, info, format="json")
    again = api.post(url, info, format="json")

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json() == again.json() == {"id": first.json()["id"]}
    row = PushSubscription.objects.get()
    assert row.membership == developer
    assert (row.p256dh, row.auth) == (info["keys"]["p256dh"], info["keys"]["auth"])


def test_endpoint_moves_to_the_member_who_subscribed_it_last_when_shared(
    api, other_developer, push_service
):
    info = push_service.subscribe()
    theirs = bearer_client(api_token_create(membership=other_developer, name="x").secret)
    old = theirs.post(reverse("api:push_subscriptions"), info, format="json").json()["id"]

    mine = api.post(reverse("api:push_subscriptions"), info, format="json")

    assert mine.status_code == 201
    assert not PushSubscription.objects.filter(pk=old).exists()
    url = reverse("api:push_subscription", args=[old])
    assert theirs.delete(url).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"endpoint": "ftp://push.example/x", "keys": {"p256dh": "a", "auth": "b"}}, "endpoint"),
        ({"endpoint": "https://push.example/x"}, "keys"),
        ({"endpoint": "https://push.example/x", "keys": {"p256dh": "AAAA", "auth": "x"}}, None),
        ({"endpoint": 5, "keys": {"p256dh": "a", "auth": "b"}}, "endpoint"),
    ],
)
def test_subscription_is_refused_with_a_clear_400_when_malformed(api, body, field):
    response = api.post(reverse("api:push_subscriptions"), body, format="json")

    assert response.status_code == 400, response.content
    if field:
        assert field in str(response.json())
    assert not PushSubscription.objects.exists()


def test_https_is_required_when_http_endpoints_are_not_allowed(api, push_service, settings):
    settings.VOC_PUSH_ALLOW_HTTP_ENDPOINTS = False
    response = api.post(reverse("api:push_subscriptions"), push_service.subscribe(), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_endpoint"


def test_unsubscribe_deletes_only_own_rows_when_ids_are_foreign(api, other_developer, push_service):
    mine = api.post(reverse("api:push_subscriptions"), push_service.subscribe(), format="json")
    theirs = bearer_client(api_token_create(membership=other_developer, name="x").secret)
    foreign = theirs.post(
        reverse("api:push_subscriptions"), push_service.subscribe(), format="json"
    )

    assert (
        api.delete(reverse("api:push_subscription", args=[foreign.json()["id"]])).status_code == 404
    )
    assert api.delete(reverse("api:push_subscription", args=[mine.json()["id"]])).status_code == 204
    assert api.delete(reverse("api:push_subscription", args=[mine.json()["id"]])).status_code == 404
    assert list(PushSubscription.objects.values_list("membership", flat=True)) == [
        other_developer.pk
    ]


def test_settings_default_on_and_change_per_member_when_put(
    api, developer, django_assert_num_queries
):
    url = reverse("api:notification_settings")
    api.get(url)  # the token's first use writes last_used_at; count a steady request below
    with django_assert_num_queries(2):  # the token with its membership, the opt-outs
        response = api.get(url)
    assert response.json() == {"kinds": dict.fromkeys(KINDS, True)}

    put = api.put(url, {"kinds": {"reminder": False, "low_review": False}}, format="json")
    assert put.status_code == 200
    expected = {**dict.fromkeys(KINDS, True), "reminder": False, "low_review": False}
    assert put.json() == {"kinds": expected}
    assert api.get(url).json() == {"kinds": expected}

    api.put(url, {"kinds": {"reminder": True}}, format="json")
    assert api.get(url).json()["kinds"]["reminder"] is True
    colleague = MembershipFactory(account=developer.account)
    other = bearer_client(api_token_create(membership=colleague, name="x").secret)
    assert other.get(url).json() == {"kinds": dict.fromkeys(KINDS, True)}


@pytest.mark.parametrize(
    "body", [{"kinds": {"reminder": "no"}}, {"kinds": "all"}, {"kinds": {"reminder": 0}}, {}]
)
def test_settings_refuse_non_booleans_with_400_when_put(api, body):
    response = api.put(reverse("api:notification_settings"), body, format="json")

    assert response.status_code == 400
