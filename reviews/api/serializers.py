"""Reviews and official replies as the API shows them."""

from __future__ import annotations

import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voc_portal.api.fields import QuerySerializer, SearchTextField, TextField
from voc_portal.api.serializers.apps import AppSerializer
from voc_portal.api.serializers.assignment import AssigneeSerializer
from voc_portal.catalog.assignment import ASSIGNED_VIEWS

from ..etags import official_reply_etag
from ..models import OfficialReply, Review
from ..selectors import REPLY_STATES, ReviewFilters

DATE_MIN = datetime.date(1970, 1, 1)
DATE_MAX = datetime.date(9998, 12, 31)


class ReviewQuerySerializer(QuerySerializer):
    """The review console's filters, as query parameters."""

    app = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    stars = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=5), required=False, max_length=5
    )
    state = serializers.ChoiceField(choices=[(s, s) for s in REPLY_STATES], required=False)
    date_from = serializers.DateField(
        required=False, help_text="Reviews written on or after this day (Asia/Seoul)."
    )
    date_to = serializers.DateField(
        required=False,
        help_text="Reviews written on or before this day (Asia/Seoul); before date_from: none.",
    )
    q = SearchTextField(required=False, default="")
    assigned = serializers.ChoiceField(
        choices=[(v, v) for v in ASSIGNED_VIEWS],
        required=False,
        help_text="mine: assigned to the token's member; unassigned; team: to someone else.",
    )

    def _date_in_range(self, value: datetime.date | None) -> datetime.date | None:
        # Any calendar date is accepted (the schema says `format: date`, nothing more); dates
        # at the ends of the calendar would overflow when the day becomes a time range, and no
        # review is dated before 1970 or after 9998, so they are clamped, which finds the same.
        if value is None:
            return None
        return min(max(value, DATE_MIN), DATE_MAX)

    def validate_date_from(self, value):
        return self._date_in_range(value)

    def validate_date_to(self, value):
        return self._date_in_range(value)

    def filters(self) -> ReviewFilters:
        data = self.validated_data
        return ReviewFilters(
            app_id=data.get("app"),
            stars=sorted(set(data.get("stars") or [])),
            state=data.get("state", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data["q"],
        )


class OfficialReplySerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    etag = serializers.SerializerMethodField(help_text="Send it back as If-Match to edit.")

    class Meta:
        model = OfficialReply
        fields = ["body", "version", "author_name", "created_at", "updated_at", "etag"]
        read_only_fields = fields

    def get_author_name(self, reply: OfficialReply) -> str | None:
        return reply.author.get_full_name() if reply.author_id else None

    def get_etag(self, reply: OfficialReply) -> str:
        return official_reply_etag(reply)


class ReviewSerializer(serializers.ModelSerializer):
    app = AppSerializer(read_only=True)
    customer_number = serializers.CharField(source="customer.customer_number", read_only=True)
    is_hidden = serializers.BooleanField(read_only=True)
    is_outdated = serializers.BooleanField(
        read_only=True, help_text="Edited after the official reply was last written."
    )
    reply = serializers.SerializerMethodField()
    assignee = AssigneeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "app",
            "customer_number",
            "rating",
            "body",
            "created_at",
            "edited_at",
            "is_hidden",
            "hidden_reason",
            "is_outdated",
            "reply",
            "assignee",
        ]
        read_only_fields = fields

    @extend_schema_field(OfficialReplySerializer(allow_null=True))
    def get_reply(self, review: Review) -> dict | None:
        reply = review.official_reply
        return OfficialReplySerializer(reply).data if reply is not None else None


class ReviewCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    replied = serializers.IntegerField()
    unreplied = serializers.IntegerField()
    outdated = serializers.IntegerField()
    hidden = serializers.IntegerField()
    stars = serializers.DictField(child=serializers.IntegerField())
    assigned = serializers.SerializerMethodField(
        help_text="How many are mine, unassigned, and a teammate's (team)."
    )

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_assigned(self, counts) -> dict:
        return {key.removeprefix("assigned_"): n for key, n in counts.assigned.items()}


class OfficialReplyWriteSerializer(serializers.Serializer):
    # Length, blank and privacy checks are the service's (reviews.services), not repeated.
    body = TextField()
