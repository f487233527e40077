"""Server to server: upserts keyed by the store's ids, payment notifications, consent."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from .. import selectors, serializers, services
from ..signing import notification_signature_valid
from .base import StoreView, require_json_object, validated


def notification_signature_check(raw: dict, signature: str) -> None:
    if not notification_signature_valid(raw, signature):
        raise exceptions.ValidationError(
            {"signature": [_("The notification's signature does not match its fields.")]},
            code="signature_invalid",
        )


def _without_updated_at(data: dict) -> tuple[dict, object]:
    data = dict(data)
    return data, data.pop("updated_at", None)


class DeveloperUpsertView(StoreView):
    @extend_schema(
        operation_id="developer_upsert",
        request=serializers.DeveloperIn,
        responses=serializers.DeveloperOut,
    )
    def put(self, request, store_id: str):
        data, updated_at = _without_updated_at(
            validated(serializers.DeveloperIn, require_json_object(request))
        )
        link = services.developer_upsert(store_id=store_id, updated_at=updated_at, **data)
        return Response(serializers.DeveloperOut(link).data)


class AppUpsertView(StoreView):
    @extend_schema(
        operation_id="app_upsert", request=serializers.AppIn, responses=serializers.AppOut
    )
    def put(self, request, store_id: str):
        data, updated_at = _without_updated_at(
            validated(serializers.AppIn, require_json_object(request))
        )
        link = services.app_upsert(store_id=store_id, updated_at=updated_at, **data)
        return Response(serializers.AppOut(selectors.app_link_get(store_id=link.store_id)).data)


class CustomerUpsertView(StoreView):
    @extend_schema(
        operation_id="customer_upsert",
        request=serializers.CustomerIn,
        responses=serializers.CustomerOut,
    )
    def put(self, request, store_id: str):
        data, updated_at = _without_updated_at(
            validated(serializers.CustomerIn, require_json_object(request))
        )
        link = services.customer_upsert(
            store_id=store_id,
            customer_number=data["customer_number"],
            email=data["email"],
            language=data["language"],
            full_name=data["name"],
            updated_at=updated_at,
        )
        return Response(serializers.CustomerOut(link).data)


class PurchaseUpsertView(StoreView):
    @extend_schema(
        operation_id="purchase_upsert",
        request=serializers.PurchaseIn,
        responses=serializers.PurchaseOut,
    )
    def put(self, request, store_id: str):
        data = validated(serializers.PurchaseIn, require_json_object(request))
        services.purchase_upsert_one(services.PurchaseRow(store_id=store_id, **data))
        return Response(
            serializers.PurchaseOut(selectors.purchase_link_get(store_id=store_id)).data
        )


class PaymentNotificationView(StoreView):
    @extend_schema(
        operation_id="payment_notification_receive",
        request=serializers.NotificationIn,
        responses=serializers.NotificationOut,
        description=(
            "Applied by event time: an older event never replaces a newer state. The same event "
            "(purchase, state, event time) again is answered 200 with the first answer."
        ),
    )
    def post(self, request):
        raw = require_json_object(request)
        data = validated(serializers.NotificationIn, raw)
        notification_signature_check(raw, data["signature"])
        notification, _new = services.payment_notification_receive(
            purchase_id=data["purchase_id"],
            state=data["state"],
            event_at=data["event_time"],
            amount=data["amount"],
            tid=data["tid"],
            txid=data["txid"],
            receipt_number=data["receipt_number"],
            signature=data["signature"].lower(),
        )
        return Response(serializers.NotificationOut(notification).data)


class ConsentView(StoreView):
    @extend_schema(
        operation_id="purchase_consent_record",
        request=serializers.ConsentIn,
        responses=serializers.ConsentOut,
        description=(
            "The customer's own O on the store's consent screen, relayed by the store. Only the "
            "purchase's customer can consent: another customer number is a 403."
        ),
    )
    def post(self, request, store_id: str):
        data = validated(serializers.ConsentIn, require_json_object(request))
        consent, _new = services.purchase_consent_from_store(purchase_id=store_id, **data)
        body = {
            "purchase_id": store_id,
            "given_at": consent.given_at,
            "source": consent.source,
            "channel": consent.channel,
        }
        return Response(serializers.ConsentOut(body).data)
