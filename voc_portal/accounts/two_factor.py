"""Two-factor sign-in: a TOTP device (an authenticator app) plus one-time recovery codes, through
django-otp. A user "has two-factor" once a TOTP device is confirmed; then every session must
pass the code after the password (TwoFactorMiddleware). Ops staff must have it when
VOC_OPS_REQUIRE_2FA is on (production)."""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODES = 10
# Set at sign-in for a user with a confirmed device; cleared once the code was given.
TWO_FACTOR_PENDING = "two_factor_pending"
_DEVICE_NAME = "authenticator"


def user_has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def user_must_have_two_factor(user: User) -> bool:
    return bool(user.is_staff and settings.VOC_OPS_REQUIRE_2FA)


def totp_enrolment_device(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device (made once, so reloading the page keeps the same QR)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_DEVICE_NAME, confirmed=False)
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG, drawn here (no image service, no CDN)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new recovery codes (shown once), or
    None when the code is wrong. Earlier devices and codes are replaced."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if not device.verify_token(token.strip()):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_reset(user=user)


def recovery_codes_reset(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def two_factor_verify(*, user: User, token: str):
    """The device the code belongs to (TOTP, or a recovery code, used up), or None."""
    token = "".join(token.split())
    if not token:
        return None
    return match_token(user, token)


def two_factor_disable(*, user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def two_factor_mark_pending(sender, request, user, **kwargs) -> None:
    """user_logged_in: a user with a confirmed device still owes the code (middleware)."""
    if request is not None and hasattr(request, "session") and user_has_two_factor(user):
        request.session[TWO_FACTOR_PENDING] = True
