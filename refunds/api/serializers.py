"""Refund requests as the API shows them. Payment identifiers appear only in the detail, and only
through voc_portal.catalog.services.purchase_identifiers_show_for_member (masked unless consent O;
audited)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voc_portal.api.fields import QuerySerializer, TextField
from voc_portal.api.serializers.apps import AppSerializer

from ..display import event_summary, refund_reason
from ..models import RefundEvent, RefundRequest, State, refund_etag

PURCHASED_MIN = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
PURCHASED_MAX = datetime.datetime(9998, 12, 31, tzinfo=datetime.UTC)


class RefundQuerySerializer(QuerySerializer):
    state = serializers.ChoiceField(choices=State.choices, required=False)


class RefundSerializer(serializers.ModelSerializer):
    app = AppSerializer(read_only=True)
    inquiry = serializers.IntegerField(source="inquiry_id", read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = RefundRequest
        fields = [
            "id",
            "state",
            "is_open",
            "source",
            "app",
            "inquiry",
            "consent",
            "customer_number",
            "purchased_at",
            "purchased_item",
            "created_at",
            "updated_at",
            "decided_at",
        ]
        read_only_fields = fields


class RefundEventSerializer(serializers.ModelSerializer):
    note = serializers.SerializerMethodField(
        help_text="What happened, in the caller's language, then any note a person typed."
    )

    class Meta:
        model = RefundEvent
        fields = ["from_state", "to_state", "note", "created_at"]
        read_only_fields = fields

    def get_note(self, event: RefundEvent) -> str:
        return event_summary(event)


class PaymentIdentifiersSerializer(serializers.Serializer):
    tid = serializers.CharField()
    txid = serializers.CharField()
    receipt_number = serializers.CharField()
    masked = serializers.BooleanField(help_text="True unless the customer consented (O).")


class RefundDetailSerializer(RefundSerializer):
    reason = serializers.SerializerMethodField(help_text="Why the request was filed.")
    events = serializers.SerializerMethodField()
    payment_identifiers = serializers.SerializerMethodField()
    etag = serializers.SerializerMethodField(help_text="Send it back as If-Match to answer.")

    class Meta(RefundSerializer.Meta):
        fields = [
            *RefundSerializer.Meta.fields,
            "reason",
            "decision_note",
            "events",
            "payment_identifiers",
            "etag",
        ]
        read_only_fields = fields

    def get_reason(self, refund: RefundRequest) -> str:
        return refund_reason(refund)

    @extend_schema_field(RefundEventSerializer(many=True))
    def get_events(self, refund: RefundRequest) -> list[dict]:
        return RefundEventSerializer(self.context["events"], many=True).data

    @extend_schema_field(PaymentIdentifiersSerializer)
    def get_payment_identifiers(self, refund: RefundRequest) -> dict:
        return PaymentIdentifiersSerializer(self.context["identifiers"]).data

    def get_etag(self, refund: RefundRequest) -> str:
        return refund_etag(refund)


# Its docstring is published in the OpenAPI schema (pinned byte for byte): keep it as it is.
class RefundCreateSerializer(serializers.Serializer):
    """The web form's fields; the web form (refunds.forms.RefundRequestForm) validates them."""

    consent = serializers.ChoiceField(
        choices=[("O", "O"), ("X", "X")],
        help_text="O: the customer consents; only then TID / TXID / receipt number may be sent.",
    )
    customer_number = serializers.CharField()
    purchased_at = serializers.DateTimeField(
        help_text="To the minute; between 1970-01-01 and 9998-12-31 (else 400)."
    )
    purchased_item = serializers.CharField()
    tid = serializers.CharField(required=False, allow_blank=True, default="")
    txid = serializers.CharField(required=False, allow_blank=True, default="")
    receipt_number = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(help_text="Message to store operations.")
    inquiry = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )

    def validate_purchased_at(self, value):
        # Times at the ends of the calendar overflow when turned into a one-minute window.
        if not (PURCHASED_MIN <= value <= PURCHASED_MAX):
            raise serializers.ValidationError(_("Give a purchase time between 1970 and 9998."))
        return value


class RefundAnswerSerializer(serializers.Serializer):
    answer = TextField()
