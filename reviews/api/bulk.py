"""POST /api/v1/reviews/bulk/: assign many reviews to me, or reply to many with one template
(each reply still passes the privacy guard)."""

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
from voc_portal.core.bulk import PK_MAX

from .. import services


class ReviewBulkRequestSerializer(BulkRequestSerializer):
    # The registry's names, so the schema lists them (an unknown action is a 400).
    action = serializers.ChoiceField(
        choices=[action.name for action in services.REVIEW_BULK_ACTIONS]
    )
    template = serializers.IntegerField(
        min_value=1,
        max_value=PK_MAX,
        required=False,
        help_text="One of your reply templates: required with apply_template (else a 400).",
    )


class ReviewBulkView(MemberAPIView):
    @extend_schema(
        operation_id="reviews_bulk",
        summary="Assign many reviews to me, or reply to many with one reply template",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=ReviewBulkRequestSerializer,
        responses={200: BulkResultSerializer, **errors(400, 404, 422)},
        tags=["reviews"],
    )
    @idempotent
    def post(self, request):
        data = ReviewBulkRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.review_bulk_apply(
            account=self.account,
            actor=self.membership.user,
            action=data.validated_data["action"],
            ids=data.validated_data["ids"],
            params={"template": data.validated_data.get("template")},
        )
        return Response(bulk_result_data(result))
