"""Request and response shapes of the Store API (the schema at /store-api/v1/schema/)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from rest_framework import serializers

from voc_portal.accounts.models import Language

from .models import STORE_ID_MAX, PaymentNotification

STORE_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
store_id_field = {
    "max_length": STORE_ID_MAX,
    "validators": [RegexValidator(STORE_ID_PATTERN, "Letters, digits and . _ : - only.")],
}
STATES = [s.value for s in PaymentNotification.State]


class UpdatedAtMixin(serializers.Serializer):
    updated_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="The store's change time of this record: an older one than we hold is ignored.",
    )


class DeveloperIn(UpdatedAtMixin):
    name = serializers.CharField(max_length=120)
    support_email = serializers.EmailField(required=False, allow_blank=True, default="")
    notification_emails = serializers.ListField(
        child=serializers.EmailField(), max_length=20, default=list
    )


class DeveloperOut(serializers.Serializer):
    id = serializers.CharField(source="store_id")
    name = serializers.CharField(source="account.name")
    support_email = serializers.EmailField(source="account.support_email")
    notification_emails = serializers.ListField(child=serializers.EmailField())
    updated_at = serializers.DateTimeField(source="source_updated_at", allow_null=True)


class TitlesField(serializers.DictField):
    child = serializers.CharField(max_length=120)

    def to_internal_value(self, data):
        titles = super().to_internal_value(data)
        unknown = set(titles) - set(Language.values)
        if unknown or not titles:
            raise serializers.ValidationError(
                f"One title or more, keyed by language: {', '.join(Language.values)}."
            )
        return titles


class AppIn(UpdatedAtMixin):
    developer_id = serializers.CharField(**store_id_field)
    package_name = serializers.RegexField(
        r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$", max_length=150
    )
    titles = TitlesField()
    price = serializers.IntegerField(min_value=0, max_value=10_000_000, help_text="Whole won.")
    is_free = serializers.BooleanField()


class AppOut(serializers.Serializer):
    id = serializers.CharField(source="store_id")
    developer_id = serializers.CharField(source="app.account.store_link.store_id")
    package_name = serializers.CharField(source="app.package_name")
    titles = serializers.DictField(child=serializers.CharField())
    price = serializers.IntegerField(source="app.price")
    is_free = serializers.BooleanField(source="app.is_free")
    updated_at = serializers.DateTimeField(source="source_updated_at", allow_null=True)


class CustomerIn(UpdatedAtMixin):
    customer_number = serializers.RegexField(r"^[A-Za-z0-9-]{1,20}$")
    email = serializers.EmailField()
    language = serializers.ChoiceField(choices=Language.values)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class CustomerOut(serializers.Serializer):
    id = serializers.CharField(source="store_id")
    customer_number = serializers.CharField(source="customer.customer_number")
    email = serializers.EmailField(source="customer.user.email")
    language = serializers.CharField(source="customer.user.language")
    updated_at = serializers.DateTimeField(source="source_updated_at", allow_null=True)


class PurchaseIn(UpdatedAtMixin):
    customer_id = serializers.CharField(**store_id_field)
    app_id = serializers.CharField(**store_id_field)
    item_name = serializers.CharField(max_length=150)
    purchased_at = serializers.DateTimeField()
    amount = serializers.IntegerField(min_value=0, max_value=100_000_000, help_text="Whole won.")
    tid = serializers.CharField(max_length=40)
    txid = serializers.CharField(max_length=64)
    receipt_number = serializers.CharField(max_length=40)
    state = serializers.ChoiceField(choices=STATES, default="COMPLETED")
    state_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When it got this state; defaults to purchased_at.",
    )


class PurchaseLine(PurchaseIn):
    """One line of the NDJSON import: a purchase with its store id."""

    id = serializers.CharField(**store_id_field)


class PurchaseOut(serializers.Serializer):
    id = serializers.CharField(source="store_id")
    item_name = serializers.CharField(source="purchase.item_name")
    purchased_at = serializers.DateTimeField(source="purchase.purchased_at")
    amount = serializers.IntegerField(source="purchase.amount")
    state = serializers.SerializerMethodField()
    state_at = serializers.DateTimeField(allow_null=True)

    def get_state(self, link) -> str:
        return "CANCELED" if link.purchase.state == "cancelled" else "COMPLETED"


class NotificationIn(serializers.Serializer):
    purchase_id = serializers.CharField(**store_id_field)
    state = serializers.ChoiceField(choices=STATES)
    event_time = serializers.DateTimeField()
    amount = serializers.IntegerField(min_value=0, max_value=100_000_000)
    tid = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    txid = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    receipt_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    signature = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$", help_text="HMAC-SHA256 (hex) of the fields, one a line."
    )


class NotificationOut(serializers.Serializer):
    purchase_id = serializers.CharField(source="purchase_store_id")
    state = serializers.CharField()
    event_time = serializers.DateTimeField(source="event_at")
    outcome = serializers.ChoiceField(choices=PaymentNotification.Outcome.values)
    received_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)


class ConsentIn(serializers.Serializer):
    customer_number = serializers.CharField(
        max_length=20, help_text="The customer who answered O on the store's consent screen."
    )
    given_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=["store_app", "store_web"], default="store_app")


class ConsentOut(serializers.Serializer):
    purchase_id = serializers.CharField()
    given_at = serializers.DateTimeField()
    source = serializers.CharField()
    channel = serializers.CharField()


class ImportError_(serializers.Serializer):
    line = serializers.IntegerField()
    id = serializers.CharField(allow_blank=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ImportOut(serializers.Serializer):
    lines = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()
    errors = ImportError_(many=True, help_text="The first 100 refused lines.")
