"""/api/v1/push/…, /api/v1/notification-settings/: what the Developer Center app needs for Web
Push. Everything acts for the token's membership; another member's subscription is a 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from voc_portal.api.fields import StrictBooleanField, StrictCharField
from voc_portal.api.schema import errors
from voc_portal.api.views.base import MemberAPIView

from . import selectors, services
from .models import ENDPOINT_MAX, PushKind
from .vapid import vapid_public_key


class PushKeySerializer(serializers.Serializer):
    public_key = serializers.CharField(
        help_text="The VAPID public key (uncompressed P-256 point, base64url): pass it as "
        "applicationServerKey to pushManager.subscribe()."
    )


class SubscriptionKeysSerializer(serializers.Serializer):
    p256dh = StrictCharField(max_length=100, help_text="The browser's P-256 key (base64url).")
    auth = StrictCharField(max_length=40, help_text="The browser's auth secret (base64url).")


class SubscriptionCreateSerializer(serializers.Serializer):
    """PushSubscription.toJSON() as the browser gives it (expirationTime is ignored)."""

    endpoint = StrictCharField(max_length=ENDPOINT_MAX, help_text="The push service URL.")
    keys = SubscriptionKeysSerializer()


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Use it to unsubscribe (DELETE …/{id}/).")


class NotificationKindsSerializer(serializers.Serializer):
    """Every kind, true when it is pushed."""

    def get_fields(self):
        return {
            kind: serializers.BooleanField(help_text=str(label)) for kind, label in PushKind.choices
        }


class NotificationKindsUpdateSerializer(serializers.Serializer):
    """One optional boolean per kind: a kind not sent stays as it is."""

    def get_fields(self):
        return {
            kind: StrictBooleanField(required=False, help_text=str(label))
            for kind, label in PushKind.choices
        }


class NotificationSettingsSerializer(serializers.Serializer):
    kinds = NotificationKindsSerializer()


class NotificationSettingsUpdateSerializer(serializers.Serializer):
    kinds = NotificationKindsUpdateSerializer()


class PushKeyView(MemberAPIView):
    @extend_schema(
        operation_id="push_key",
        summary="The server's VAPID public key, to subscribe a device",
        responses={200: PushKeySerializer},
        tags=["push"],
    )
    def get(self, request):
        return Response({"public_key": vapid_public_key()})


class PushSubscriptionListView(MemberAPIView):
    @extend_schema(
        operation_id="push_subscriptions_create",
        summary="Subscribe this device to pushes (the same endpoint again: the same id, 200)",
        request=SubscriptionCreateSerializer,
        responses={201: SubscriptionSerializer, 200: SubscriptionSerializer, **errors(400)},
        tags=["push"],
    )
    def post(self, request):
        data = SubscriptionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        subscription, created = services.push_subscription_save(
            membership=self.membership,
            endpoint=d["endpoint"],
            p256dh=d["keys"]["p256dh"],
            auth=d["keys"]["auth"],
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response({"id": subscription.pk}, status=code)


class PushSubscriptionDetailView(MemberAPIView):
    @extend_schema(
        operation_id="push_subscriptions_delete",
        summary="Unsubscribe a device (yours only)",
        request=None,
        responses={204: None, **errors(404)},
        tags=["push"],
    )
    def delete(self, request, pk: int):
        subscription = selectors.push_subscription_get_for_member(membership=self.membership, pk=pk)
        services.push_subscription_delete(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationSettingsView(MemberAPIView):
    @extend_schema(
        operation_id="notification_settings_get",
        summary="Which kinds of push you get (each is on until you turn it off)",
        responses={200: NotificationSettingsSerializer},
        tags=["push"],
    )
    def get(self, request):
        return Response(selectors.notification_settings_get(membership=self.membership))

    @extend_schema(
        operation_id="notification_settings_put",
        summary="Turn kinds of push on or off (kinds not sent stay as they are)",
        request=NotificationSettingsUpdateSerializer,
        responses={200: NotificationSettingsSerializer, **errors(400)},
        tags=["push"],
    )
    def put(self, request):
        data = NotificationSettingsUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kinds = services.notification_settings_update(
            membership=self.membership, kinds=dict(data.validated_data["kinds"])
        )
        return Response(kinds)
