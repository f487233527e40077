"""The app's devices: sign in (a device token), sign out (revoke it), and Settings > Devices."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from voc_portal.accounts.permissions import DeveloperRequiredMixin

from ..devices import device_sign_in, device_sign_out
from ..fields import StrictCharField, TextField
from ..models import ApiToken
from ..schema import errors
from ..selectors import api_token_list_for_membership
from ..throttling import DeviceSignInThrottle
from .tokens import ApiTokenRevokeView


class DeviceSignInSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = StrictCharField(max_length=4096, trim_whitespace=False)
    device_name = TextField(max_length=80, help_text="Shown in Settings > Devices, e.g. “Pixel 8”.")
    otp_code = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="The authenticator code (or a recovery code) when the account has two-factor "
        "sign-in; without it such an account answers 400 otp_required.",
    )
    account = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The developer account to act in, when the user is in several (else the "
        "oldest membership).",
    )


class DeviceAccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeviceTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="token.id")
    token = serializers.CharField(source="secret", help_text="Shown once; send it as Bearer.")
    name = serializers.CharField(source="token.name")
    expires_at = serializers.DateTimeField(source="token.expires_at")
    account = DeviceAccountSerializer(source="token.membership.account")
    user_name = serializers.CharField(source="token.membership.user.get_full_name")


class DeviceSignInView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [DeviceSignInThrottle]

    @extend_schema(
        operation_id="devices_sign_in",
        summary="Sign in on a device: email, password (and the two-factor code) → a device "
        "token with an expiry, listed in Settings > Devices",
        request=DeviceSignInSerializer,
        responses={201: DeviceTokenSerializer, **errors(400, 429)},
        auth=[],
        tags=["devices"],
    )
    def post(self, request):
        data = DeviceSignInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        issued = device_sign_in(
            request=request._request,
            email=values["email"],
            password=values["password"],
            device_name=values["device_name"],
            otp_code=values["otp_code"],
            account_id=values.get("account"),
        )
        return Response(DeviceTokenSerializer(issued).data, status=status.HTTP_201_CREATED)


class DeviceCurrentView(APIView):
    @extend_schema(
        operation_id="devices_sign_out",
        summary="Sign out: revoke the token this request carries",
        request=None,
        responses={204: None, **errors()},
        tags=["devices"],
    )
    def delete(self, request):
        device_sign_out(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeviceListView(DeveloperRequiredMixin, View):
    """Settings > Devices: the phones signed in to the app, each revocable."""

    def get(self, request):
        devices = api_token_list_for_membership(self.membership, kind=ApiToken.Kind.DEVICE)
        return render(request, "api/devices.html", {"devices": devices, "account": self.account})


class DeviceRevokeView(ApiTokenRevokeView):
    back_to = "api:devices"

    def done_message(self, token) -> str:
        return _("“%(name)s” was signed out.") % {"name": token.name}
