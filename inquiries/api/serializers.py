"""Inquiries as the API shows them. No payment identifier ever appears here."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voc_portal.api.fields import QuerySerializer, SearchTextField, TextField
from voc_portal.api.serializers.apps import AppSerializer, app_data
from voc_portal.api.serializers.assignment import AssigneeSerializer

from ..models import Category, Inquiry, Message
from ..selectors import InboxFilters
from ..selectors_inbox import ASSIGNED_VIEWS, STATES


class InboxQuerySerializer(QuerySerializer):
    """The inbox's filters, as query parameters."""

    app = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    state = serializers.ChoiceField(choices=[(s, s) for s in STATES], required=False)
    due_within_24h = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, default=False)
    q = SearchTextField(required=False, default="")
    assigned = serializers.ChoiceField(
        choices=[(v, v) for v in ASSIGNED_VIEWS],
        required=False,
        help_text="mine: assigned to the token's member; unassigned; team: to someone else.",
    )

    def filters(self) -> InboxFilters:
        data = self.validated_data
        return InboxFilters(
            app_id=data.get("app"),
            category=data.get("category"),
            state=data.get("state"),
            due_within_24h=data["due_within_24h"],
            overdue=data["overdue"],
            q=data["q"],
            assigned=data.get("assigned"),
        )


class InquiryPurchaseSerializer(serializers.Serializer):
    """What the developer sees of the purchase an inquiry is about (never TID/TXID/receipt)."""

    id = serializers.IntegerField()
    item_name = serializers.CharField()
    purchased_at = serializers.DateTimeField()
    amount = serializers.IntegerField()
    state = serializers.CharField()


class PurchaseIdentifiersSerializer(serializers.Serializer):
    tid = serializers.CharField()
    txid = serializers.CharField()
    receipt_number = serializers.CharField()
    masked = serializers.BooleanField(help_text="True unless the customer consented (O).")


class CustomerPurchaseSerializer(InquiryPurchaseSerializer):
    """One of the customer's purchases of the app, identifiers masked unless consent O."""

    payment_identifiers = serializers.SerializerMethodField()

    @extend_schema_field(PurchaseIdentifiersSerializer)
    def get_payment_identifiers(self, purchase) -> dict:
        return PurchaseIdentifiersSerializer(self.context["identifiers"][purchase.pk]).data


class InquirySerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    app = AppSerializer(read_only=True)
    customer_number = serializers.CharField(source="customer.customer_number", read_only=True)
    is_escalated = serializers.SerializerMethodField()
    assignee = AssigneeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "number",
            "subject",
            "category",
            "status",
            "app",
            "customer_number",
            "clock",
            "awaiting_since",
            "due_at",
            "is_escalated",
            "escalated_at",
            "first_response_at",
            "created_at",
            "last_message_at",
            "closed_at",
            "assignee",
        ]
        read_only_fields = fields

    def get_is_escalated(self, inquiry: Inquiry) -> bool:
        return inquiry.escalated_at is not None


def _datetime(value) -> str | None:
    """DRF's DateTimeField output: ISO 8601 in the current time zone, UTC as "Z"."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def inquiry_list_data(inquiries) -> list[dict]:
    """InquirySerializer(inquiries, many=True).data as plain dicts: the API inbox's rows.

    DRF's per-field machinery was 40% of the list's Python (issue 13); InquirySerializer stays
    the schema and the single-inquiry answers. tests/integration/api/test_plain_lists.py checks
    that both give the same JSON.
    """
    rows = []
    for i in inquiries:
        assignee = i.assignee
        rows.append(
            {
                "id": i.pk,
                "number": i.number,
                "subject": i.subject,
                "category": i.category,
                "status": i.status,
                "app": app_data(i.app),
                "customer_number": i.customer.customer_number,
                "clock": i.clock,
                "awaiting_since": _datetime(i.awaiting_since),
                "due_at": _datetime(i.due_at),
                "is_escalated": i.escalated_at is not None,
                "escalated_at": _datetime(i.escalated_at),
                "first_response_at": _datetime(i.first_response_at),
                "created_at": _datetime(i.created_at),
                "last_message_at": _datetime(i.last_message_at),
                "closed_at": _datetime(i.closed_at),
                "assignee": (
                    None
                    if assignee is None
                    else {"id": assignee.pk, "name": assignee.user.get_full_name()}
                ),
            }
        )
    return rows


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    # A system message is a code rendered in the caller's language, never the stored English.
    body = serializers.CharField(source="text", read_only=True)
    # Declared so the schema has no title from the model's (translated) admin label.
    is_internal = serializers.BooleanField(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    email_status = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "author_kind",
            "author_name",
            "via",
            "is_internal",
            "body",
            "created_at",
            "attachments",
            "email_status",
        ]
        read_only_fields = fields

    def get_author_name(self, message: Message) -> str:
        if message.author_kind == Message.Author.DEVELOPER and message.author is not None:
            return message.author.get_full_name()
        return str(Message.Author(message.author_kind).label)

    def get_email_status(self, message: Message) -> str | None:
        """Delivery state of the email that carried a developer reply (null for others)."""
        return message.email.status if message.email_id else None


class InquiryDetailSerializer(InquirySerializer):
    customer_name = serializers.CharField(source="customer.public_name", read_only=True)
    purchase = InquiryPurchaseSerializer(read_only=True, allow_null=True)
    messages = serializers.SerializerMethodField()
    customer_purchases = serializers.SerializerMethodField(
        help_text="The customer's purchases of this app (TID/TXID/receipt masked unless consent)."
    )

    class Meta(InquirySerializer.Meta):
        fields = [
            *InquirySerializer.Meta.fields,
            "customer_name",
            "purchase",
            "customer_purchases",
            "messages",
            "version",
        ]
        read_only_fields = fields

    version = serializers.SerializerMethodField(
        help_text="The thread version (its latest reply); the ETag header carries it too."
    )

    def get_version(self, inquiry: Inquiry) -> int:
        return self.context["version"]

    @extend_schema_field(CustomerPurchaseSerializer(many=True))
    def get_customer_purchases(self, inquiry: Inquiry) -> list[dict]:
        return CustomerPurchaseSerializer(
            self.context["purchases"],
            many=True,
            context={"identifiers": self.context["identifiers"]},
        ).data

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, inquiry: Inquiry) -> list[dict]:
        return MessageSerializer(self.context["thread"], many=True).data


class MessageCreateSerializer(serializers.Serializer):
    # Length and blank checks are the service's (inquiries.services.body_clean), not repeated.
    body = TextField()
