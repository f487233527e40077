"""GET /api/v1/reports/: the Reports page's figures for the mobile app."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from inquiries.models import AGE_BUCKETS
from voc_portal.api.fields import QuerySerializer
from voc_portal.api.schema import errors
from voc_portal.api.views.base import MemberAPIView

from ..reports import GROUPS, WEEK_CHOICES
from ..views import report_data


class ReportQuerySerializer(QuerySerializer):
    weeks = serializers.ChoiceField(choices=list(WEEK_CHOICES), required=False, default=4)
    group = serializers.ChoiceField(choices=list(GROUPS), required=False, default="app")


class ResponseRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="Member id, app id or category.")
    label = serializers.CharField()
    inquiries = serializers.IntegerField()
    answered = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True)
    p90_seconds = serializers.FloatField(allow_null=True)
    within_deadline = serializers.IntegerField(help_text="First reply within 3 days.")
    decided = serializers.IntegerField(help_text="Answered, or past the deadline.")
    within_share = serializers.FloatField(allow_null=True)


class ReplyRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text="App id; null for the total.")
    label = serializers.CharField()
    reviews = serializers.IntegerField()
    replied = serializers.IntegerField()
    reply_rate = serializers.FloatField(allow_null=True)
    median_seconds = serializers.FloatField(allow_null=True)
    p90_seconds = serializers.FloatField(allow_null=True)


# The bucket names ("1to2d") are not identifiers: the fields are declared from the list.
AgingSerializer = type(
    "AgingSerializer",
    (serializers.Serializer,),
    {key: serializers.IntegerField() for key in AGE_BUCKETS},
)


class ReportSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    weeks = serializers.IntegerField()
    group = serializers.CharField()
    first_response_total = ResponseRowSerializer(source="response_total")
    first_response = ResponseRowSerializer(source="response_rows", many=True)
    backlog_aging = AgingSerializer(source="aging")
    review_replies_total = ReplyRowSerializer(source="reply_total")
    review_replies = ReplyRowSerializer(source="reply_rows", many=True)


class ReportView(MemberAPIView):
    @extend_schema(
        operation_id="reports_retrieve",
        summary="First response (median, p90, within 3 days), backlog aging, review replies",
        parameters=[ReportQuerySerializer],
        responses={200: ReportSerializer, **errors(400)},
        tags=["reports"],
    )
    def get(self, request):
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = report_data(account=self.account, **query.validated_data)
        return Response(ReportSerializer(data).data)
