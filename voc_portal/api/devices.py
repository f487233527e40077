"""The app's sign-in on a device: email + password (+ the second factor) → a device token.

A device token is an ApiToken of kind "device": named after the phone, always with an expiry
(VOC_DEVICE_TOKEN_DAYS), listed and revocable in Settings > Devices. Passwords go through
django.contrib.auth.authenticate with the request, so django-axes counts failures and locks out
exactly as on the web sign-in form; the endpoint has its own per-address throttle on top.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Membership
from voc_portal.accounts.two_factor import two_factor_verify, user_has_two_factor
from voc_portal.core.errors import DomainError

from .models import ApiToken
from .services import IssuedToken, api_token_create, api_token_revoke


class LockedOut(DomainError):
    """Too many failed sign-ins: wait, or reset the password."""

    code = "locked_out"
    status = 429


def device_sign_in(
    *,
    request,
    email: str,
    password: str,
    device_name: str,
    otp_code: str = "",
    account_id: int | None = None,
) -> IssuedToken:
    # authenticate() swallows axes' PermissionDenied and returns None; axes marks the request.
    user = authenticate(request, username=email.strip(), password=password)
    if getattr(request, "axes_locked_out", False):
        # Answered here in the API's JSON shape; left set, AxesMiddleware would replace the
        # answer with the web sign-in's HTML lockout page.
        request.axes_locked_out = False
        raise LockedOut(_("Too many failed sign-ins. Try again later."))
    if user is None or not user.is_active:
        # One answer for an unknown address and a wrong password: nothing to enumerate.
        raise DomainError(
            _("The email address or the password is wrong."), code="invalid_credentials"
        )
    if user_has_two_factor(user):
        if not otp_code.strip():
            raise DomainError(
                _("Enter the code from your authenticator app."),
                code="otp_required",
                field="otp_code",
            )
        if two_factor_verify(user=user, token=otp_code) is None:
            raise DomainError(
                _("The code is wrong or has expired."), code="otp_invalid", field="otp_code"
            )
    memberships = Membership.objects.filter(user=user).select_related("account")
    if account_id is not None:
        memberships = memberships.filter(account_id=account_id)
    membership = memberships.order_by("created_at", "id").first()
    if membership is None:
        raise DomainError(
            _("This account is not a member of a developer account."), code="no_membership"
        )
    days = getattr(settings, "VOC_DEVICE_TOKEN_DAYS", 90)
    return api_token_create(
        membership=membership,
        name=device_name,
        expires_at=timezone.now() + timedelta(days=days),
        kind=ApiToken.Kind.DEVICE,
    )


def device_sign_out(*, token: ApiToken) -> None:
    """The app's sign-out revokes the token it holds (a personal token is revoked just the same:
    a client that signs out means it)."""
    api_token_revoke(token=token)
