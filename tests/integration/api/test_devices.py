"""The app's device sign-in (POST /api/v1/devices/), its sign-out, Settings > Devices, and the
reply templates the app offers (GET /api/v1/inquiries/{id}/templates/)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from inquiries.models import ReplyTemplate
from tests.factories.accounts import PASSWORD
from tests.factories.refunds import awaiting_inquiry
from voc_portal.api.models import ApiToken

from .conftest import bearer_client

pytestmark = pytest.mark.django_db

SIGN_IN = "/api/v1/devices/"
KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True)
def _fresh_sign_in_budget():
    cache.delete("throttle_device_sign_in_127.0.0.1")


def _sign_in(**extra):
    body = {"device_name": "Pixel 8", "password": PASSWORD, **extra}
    return APIClient().post(SIGN_IN, body, format="json")


def test_sign_in_issues_an_expiring_device_token_that_reads_the_api(developer):
    response = _sign_in(email=developer.user.email)

    assert response.status_code == 201, response.json()
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert token.kind == ApiToken.Kind.DEVICE and token.name == "Pixel 8"
    assert token.membership == developer
    assert timezone.now() + timedelta(days=89) < token.expires_at < timezone.now() + timedelta(91)
    assert body["account"] == {"id": developer.account.pk, "name": developer.account.name}
    assert body["token"] not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert bearer_client(body["token"]).get("/api/v1/inquiries/").status_code == 200


def test_wrong_password_and_unknown_address_answer_the_same_400(developer):
    wrong = _sign_in(email=developer.user.email, password="not-the-password")
    unknown = _sign_in(email="nobody@example.com", password="not-the-password")

    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json()["code"] == unknown.json()["code"] == "invalid_credentials"
    assert wrong.json()["message"] == unknown.json()["message"]
    assert not ApiToken.objects.exists()


def test_sign_in_asks_for_and_checks_the_second_factor_when_the_account_has_it(developer):
    device = TOTPDevice.objects.create(
        user=developer.user, name="authenticator", key=KEY, confirmed=True
    )

    missing = _sign_in(email=developer.user.email)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    right = _sign_in(email=developer.user.email, otp_code=code)
    # After a failure django-otp throttles the device, so the wrong code comes last.
    wrong = _sign_in(email=developer.user.email, otp_code="000000")

    assert (missing.status_code, missing.json()["code"]) == (400, "otp_required")
    assert "otp_code" in missing.json()["fields"]
    assert (wrong.status_code, wrong.json()["code"]) == (400, "otp_invalid")
    assert right.status_code == 201
    assert ApiToken.objects.filter(kind="device").count() == 1


def test_a_customer_without_membership_gets_no_token(customer):
    response = _sign_in(email=customer.user.email)

    assert (response.status_code, response.json()["code"]) == (400, "no_membership")


def test_sign_in_is_throttled_per_address(developer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "device_sign_in": "2/min",
        },
    }
    answers = [_sign_in(email="nobody@example.com").status_code for _ in range(3)]

    assert answers == [400, 400, 429]


def test_sign_out_revokes_the_token_it_carries(developer):
    secret = _sign_in(email=developer.user.email).json()["token"]
    client = bearer_client(secret)

    assert client.delete("/api/v1/devices/current/").status_code == 204
    assert client.get("/api/v1/inquiries/").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_settings_devices_lists_only_devices_and_signs_one_out(dev_client, developer):
    device = ApiToken.objects.get(pk=_sign_in(email=developer.user.email).json()["id"])
    ApiToken.objects.create(membership=developer, name="script", prefix="voc_x", token_hash="x")

    page = dev_client.get(reverse("api:devices"))
    tokens_page = dev_client.get(reverse("api:tokens")).content.decode()

    assert page.status_code == 200
    assert list(page.context["devices"]) == [device]
    assert "Pixel 8" not in tokens_page and "script" in tokens_page
    response = dev_client.post(reverse("api:device_revoke", args=[device.pk]))
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None


def test_another_members_device_is_a_404_on_the_devices_page(dev_client, other_developer):
    token = ApiToken.objects.create(
        membership=other_developer, name="theirs", prefix="voc_y", token_hash="y", kind="device"
    )

    assert dev_client.post(reverse("api:device_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_templates_come_filled_in_for_the_inquiry(api, developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer)
    ReplyTemplate.objects.create(
        account=developer.account, name="Thanks", body="Hello {customer_name}, about {inquiry_no}"
    )

    response = api.get(f"/api/v1/inquiries/{inquiry.pk}/templates/")

    assert response.status_code == 200
    [template] = response.json()
    assert template["name"] == "Thanks"
    assert template["body"] == f"Hello {customer.public_name}, about {inquiry.number}"


def test_templates_of_a_foreign_inquiry_are_a_404(api, other_developer, customer):
    inquiry = awaiting_inquiry(app=other_developer.app, customer=customer)

    assert api.get(f"/api/v1/inquiries/{inquiry.pk}/templates/").status_code == 404


def test_a_locked_out_address_gets_the_apis_json_429_not_the_web_page(developer, settings):
    answers = [
        _sign_in(email=developer.user.email, password="wrong")
        for _ in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    right = _sign_in(email=developer.user.email)

    assert [a.status_code for a in answers[:-2]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert (right.status_code, right["Content-Type"]) == (429, "application/json")
    assert right.json()["code"] == "locked_out"
    assert not ApiToken.objects.exists()
