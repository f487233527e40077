"""POST /api/v1/inquiries/bulk/: the inbox's bulk actions (the same registry as the web)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from voc_portal.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from voc_portal.api.schema import errors
from voc_portal.api.serializers.bulk import (
    BulkRequestSerializer,
    BulkResultSerializer,
    bulk_result_data,
)
from voc_portal.api.views.base import MemberAPIView

from .. import services


class InquiryBulkRequestSerializer(BulkRequestSerializer):
    # The registry's names, so the schema lists them (an unknown action is a 400).
    action = serializers.ChoiceField(
        choices=[action.name for action in services.INQUIRY_BULK_ACTIONS]
    )


class InquiryBulkView(MemberAPIView):
    @extend_schema(
        operation_id="inquiries_bulk",
        summary="Close, reopen or take many inquiries in one transaction",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=InquiryBulkRequestSerializer,
        responses={200: BulkResultSerializer, **errors(400, 422)},
        tags=["inquiries"],
    )
    @idempotent
    def post(self, request):
        data = InquiryBulkRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.inquiry_bulk_apply(
            account=self.account,
            actor=self.membership.user,
            action=data.validated_data["action"],
            ids=data.validated_data["ids"],
        )
        return Response(bulk_result_data(result))
