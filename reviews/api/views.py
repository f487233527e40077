"""Reviews: the console list (filters, counts, cursor pages) and the official reply.

Reads through reviews.selectors, writes through reviews.services. The official reply carries an
ETag (its id and version); changing or deleting it needs that ETag as If-Match (428 without,
412 when stale; the service checks it under its row locks). The first reply needs none.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from voc_portal.api.etags import IF_MATCH_EDIT_PARAMETER, IF_MATCH_PARAMETER
from voc_portal.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from voc_portal.api.pagination import CURSOR_PARAMETERS, page_params, paginated_response
from voc_portal.api.schema import errors
from voc_portal.api.serializers.assignment import assign_schema, assignee_from_request
from voc_portal.api.views.base import MemberAPIView

from .. import selectors, services
from ..etags import official_reply_etag
from ..models import OfficialReply, Review
from .serializers import (
    OfficialReplySerializer,
    OfficialReplyWriteSerializer,
    ReviewCountsSerializer,
    ReviewQuerySerializer,
    ReviewSerializer,
)

ReviewPageSerializer = inline_serializer(
    name="ReviewPage",
    fields={
        "results": ReviewSerializer(many=True),
        "next_cursor": serializers.CharField(allow_null=True),
        "next": serializers.URLField(allow_null=True),
        "counts": ReviewCountsSerializer(),
    },
)


class _ReviewMixin:
    def get_review(self, pk: int) -> Review:
        return selectors.review_get_for_member(
            account=self.account, pk=pk, membership=self.membership
        )


class ReviewListView(MemberAPIView):
    @extend_schema(
        operation_id="reviews_list",
        summary="The review console: newest first, with its filters and the count per filter",
        parameters=[ReviewQuerySerializer, *CURSOR_PARAMETERS],
        responses={200: ReviewPageSerializer, **errors(400, 404)},
        tags=["reviews"],
    )
    def get(self, request):
        query = ReviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.require_own_app(query.validated_data.get("app"))
        cursor, page_size = page_params(request)
        page, counts = selectors.review_list_for_member(
            account=self.account,
            filters=query.filters(),
            cursor=cursor,
            page_size=page_size,
            membership=self.membership,
            assigned=query.validated_data.get("assigned"),
        )
        response = paginated_response(request, page, ReviewSerializer(page.items, many=True).data)
        response.data["counts"] = ReviewCountsSerializer(counts).data
        return response


class ReviewDetailView(_ReviewMixin, MemberAPIView):
    @extend_schema(
        operation_id="reviews_retrieve",
        summary="One review with its official reply",
        responses={200: ReviewSerializer, **errors(404)},
        tags=["reviews"],
    )
    def get(self, request, pk: int):
        review = self.get_review(pk)
        response = Response(ReviewSerializer(review).data)
        etag = official_reply_etag(review.official_reply)
        if etag:
            response["ETag"] = etag
        return response


def _with_etag(response: Response, reply: OfficialReply) -> Response:
    response["ETag"] = official_reply_etag(reply)
    return response


class OfficialReplyView(_ReviewMixin, MemberAPIView):
    @extend_schema(
        operation_id="reviews_reply_retrieve",
        summary="The official reply (ETag header: send it back as If-Match)",
        responses={200: OfficialReplySerializer, **errors(404)},
        tags=["reviews"],
    )
    def get(self, request, pk: int):
        reply = self.get_review(pk).official_reply
        if reply is None:
            raise Http404
        return _with_etag(Response(OfficialReplySerializer(reply).data), reply)

    @extend_schema(
        operation_id="reviews_reply_put",
        summary="Post or change the official reply (public; the customer is emailed)",
        parameters=[IF_MATCH_EDIT_PARAMETER, IDEMPOTENCY_PARAMETER],
        request=OfficialReplyWriteSerializer,
        responses={
            200: OpenApiResponse(OfficialReplySerializer, description="Changed."),
            201: OpenApiResponse(OfficialReplySerializer, description="Posted."),
            **errors(400, 404, 412, 422, 428),
        },
        tags=["reviews"],
    )
    @idempotent
    def put(self, request, pk: int):
        review = self.get_review(pk)
        data = OfficialReplyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply, created = services.review_reply_update_or_create(
            review=review,
            account=self.account,
            author=self.membership.user,
            body=data.validated_data["body"],
            if_match=request.headers.get("If-Match"),
            if_match_required=True,
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return _with_etag(Response(OfficialReplySerializer(reply).data, status=code), reply)

    @extend_schema(
        operation_id="reviews_reply_destroy",
        summary="Delete the official reply",
        parameters=[IF_MATCH_PARAMETER, IDEMPOTENCY_PARAMETER],
        request=None,
        responses={204: None, **errors(404, 412, 422, 428)},
        tags=["reviews"],
    )
    @idempotent
    def delete(self, request, pk: int):
        deleted = services.review_reply_delete(
            review=self.get_review(pk),
            account=self.account,
            actor=self.membership.user,
            if_match=request.headers.get("If-Match"),
            if_match_required=True,
        )
        if not deleted:
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewAssignView(_ReviewMixin, MemberAPIView):
    @extend_schema(
        **assign_schema(operation_id="reviews_assign", response=ReviewSerializer, tag="reviews")
    )
    @idempotent
    def post(self, request, pk: int):
        review = self.get_review(pk)
        assignee = assignee_from_request(request, self.account)
        services.review_assign(
            membership=self.membership, review=review, assignee=assignee, via="api"
        )
        return Response(ReviewSerializer(review).data)
