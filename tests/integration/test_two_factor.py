"""Two-factor sign-in through HTTP: enrolment from Settings (QR drawn server-side), the code
after the password, recovery codes, and the admin refusing ops staff without it. Codes are
computed with django-otp's own TOTP from the device's key, as an authenticator app would."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OpsUserFactory
from tests.factories.accounts import PASSWORD
from voc_portal.accounts.two_factor import recovery_codes_reset

pytestmark = pytest.mark.django_db
KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, hex


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", key=KEY, confirmed=True)


def _login(client, user, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": password})


@pytest.fixture
def no_throttle(settings):
    """django-otp makes a device wait 1 s, 2 s, 4 s … after each wrong code (kept in
    production); tests that send a wrong code and then the right one switch the wait off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_developer_enrols_from_settings_with_a_server_drawn_qr_code(
    dev_client, developer, no_throttle
):
    page = dev_client.get(reverse("accounts:2fa_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "otpauth" not in html.split("<svg", 1)[0][-200:]
    assert not re.search(r'<(?:img|script)[^>]+src="https?://', html)  # nothing from elsewhere
    device = TOTPDevice.objects.get(user=developer.user, confirmed=False)

    wrong = dev_client.post(reverse("accounts:2fa_setup"), {"action": "enrol", "token": "000000"})
    assert wrong.status_code == 400
    done = dev_client.post(
        reverse("accounts:2fa_setup"), {"action": "enrol", "token": _code(device)}
    )

    assert done.status_code == 200
    codes = re.findall(r"<code>(\d{8})</code>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=developer.user).confirmed


def test_sign_in_asks_for_the_code_after_the_password_when_the_user_has_a_device(
    client, developer, no_throttle
):
    device = _device(developer.user)
    response = _login(client, developer.user)
    assert response.status_code == 302

    blocked = client.get(reverse("accounts:settings"))
    assert blocked.status_code == 302 and blocked.url.startswith(reverse("accounts:2fa_verify"))
    verify = reverse("accounts:2fa_verify")
    assert client.post(verify, {"token": "123456"}).status_code == 400
    assert client.get(reverse("accounts:settings")).status_code == 302

    ok = client.post(verify, {"token": _code(device), "next": reverse("accounts:settings")})
    assert ok.status_code == 302 and ok.url == reverse("accounts:settings")
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_sign_in_needs_no_code_when_the_user_has_no_device(client, developer):
    _login(client, developer.user)
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_a_recovery_code_signs_in_once_when_the_phone_is_lost(client, developer):
    _device(developer.user)
    code = recovery_codes_reset(user=developer.user)[0]
    verify = reverse("accounts:2fa_verify")

    _login(client, developer.user)
    assert client.post(verify, {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, developer.user)
    assert client.post(verify, {"token": code}).status_code == 400


def test_admin_sends_ops_staff_without_a_device_to_enrol_when_required(client, settings):
    settings.VOC_OPS_REQUIRE_2FA = True
    ops = OpsUserFactory()
    client.force_login(ops)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:2fa_setup"))
    assert client.get(response.url).status_code == 200  # the QR page
    device = TOTPDevice.objects.get(user=ops, confirmed=False)
    client.post(reverse("accounts:2fa_setup"), {"action": "enrol", "token": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_asks_ops_staff_for_the_code_when_they_signed_in_on_the_admin_page(client, settings):
    settings.VOC_OPS_REQUIRE_2FA = True
    ops = OpsUserFactory()
    device = _device(ops)
    client.post(reverse("admin:login"), {"username": ops.email, "password": PASSWORD})

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and response.url.startswith(reverse("accounts:2fa_verify"))
    client.post(reverse("accounts:2fa_verify"), {"token": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_lets_ops_staff_in_without_a_device_when_not_required(client, settings):
    settings.VOC_OPS_REQUIRE_2FA = False
    client.force_login(OpsUserFactory())
    assert client.get(reverse("admin:index")).status_code == 200


def test_developer_turns_two_factor_off_with_a_current_code(client, developer):
    device = _device(developer.user)
    _login(client, developer.user)
    client.post(reverse("accounts:2fa_verify"), {"token": _code(device)})

    response = client.post(
        reverse("accounts:2fa_setup"), {"action": "disable", "token": _code(device, drift=1)}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=developer.user).exists()


def test_right_code_is_refused_right_after_a_wrong_one_when_throttled(client, developer):
    device = _device(developer.user)
    _login(client, developer.user)
    verify = reverse("accounts:2fa_verify")
    assert client.post(verify, {"token": "000000"}).status_code == 400
    assert client.post(verify, {"token": _code(device)}).status_code == 400  # must wait 1 s
    assert client.get(reverse("accounts:settings")).status_code == 302
