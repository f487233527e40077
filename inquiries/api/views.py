"""Inquiries: the inbox (filters, search, cursor pages), a thread, reply, note, close, reopen.

Every read goes through inquiries.selectors and every write through inquiries.services, scoped
to the token's developer account: a foreign id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from voc_portal.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from voc_portal.api.pagination import (
    CURSOR_PARAMETERS,
    page_params,
    paginated_response,
    paginated_serializer,
)
from voc_portal.api.schema import errors
from voc_portal.api.serializers.assignment import assign_schema, assignee_from_request
from voc_portal.api.views.base import MemberAPIView
from voc_portal.catalog.services import purchase_identifiers_show

from .. import selectors, services
from ..models import Message
from .serializers import (
    InboxQuerySerializer,
    InquiryDetailSerializer,
    InquirySerializer,
    MessageCreateSerializer,
    MessageSerializer,
    inquiry_list_data,
)

REPLY_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag from GET /api/v1/inquiries/{id}/ (the collision guard). When a teammate replied "
        "since, the reply is held: 412 stale_thread, with details.replied_by and "
        "details.replied_at; GET again (or send the new ETag) to send anyway. Omit it, or send "
        "`*`, to reply without the check."
    ),
)


class _InquiryMixin:
    def get_inquiry(self, pk: int):
        return selectors.inquiry_get_for_member(
            user=self.membership.user, account=self.account, pk=pk, membership=self.membership
        )


class InquiryListView(MemberAPIView):
    @extend_schema(
        operation_id="inquiries_list",
        summary="The inbox: most urgent first, with the web inbox's filters and search",
        parameters=[InboxQuerySerializer, *CURSOR_PARAMETERS],
        responses={
            200: paginated_serializer("InquiryPage", InquirySerializer()),
            **errors(400, 404),
        },
        tags=["inquiries"],
    )
    def get(self, request):
        query = InboxQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.require_own_app(query.validated_data.get("app"))
        cursor, page_size = page_params(request)
        page = selectors.inquiry_list_for_member(
            account=self.account,
            filters=query.filters(),
            cursor=cursor,
            page_size=page_size,
            membership=self.membership,
        )
        return paginated_response(request, page, inquiry_list_data(page.items))


class InquiryDetailView(_InquiryMixin, MemberAPIView):
    @extend_schema(
        operation_id="inquiries_retrieve",
        summary="One inquiry with its whole thread (internal notes included); the ETag header "
        "is its version: send it back as If-Match with a reply",
        responses={200: InquiryDetailSerializer, **errors(404)},
        tags=["inquiries"],
    )
    def get(self, request, pk: int):
        inquiry = self.get_inquiry(pk)
        thread = selectors.inquiry_thread(inquiry=inquiry, include_internal=True)
        purchases = selectors.purchase_list_for_inquiry(inquiry=inquiry)
        # Payment identifiers only through the catalog: masked unless consent O, audited.
        identifiers = purchase_identifiers_show(
            purchases=purchases, user=self.membership.user, where="api"
        )
        version = services.thread_version(inquiry)
        context = {
            "thread": thread,
            "purchases": purchases,
            "identifiers": identifiers,
            "version": version,
        }
        response = Response(InquiryDetailSerializer(inquiry, context=context).data)
        response["ETag"] = services.inquiry_etag(inquiry, version)
        return response


class _MessageView(_InquiryMixin, MemberAPIView):
    """Reply and note share one shape: validate the body, call the service, answer 201."""

    service: Callable[..., Message]

    def post_message(self, pk: int, **extra) -> Response:
        inquiry = self.get_inquiry(pk)
        data = MessageCreateSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        if extra.pop("if_match", False):
            header = self.request.headers.get("If-Match")
            if header is not None and not header.strip():
                # The schema's header has a value; a blank one is a client's mistake, not "*".
                raise serializers.ValidationError(
                    {"If-Match": [_("Give the ETag, or leave the header out.")]}
                )
            extra["seen_version"] = services.version_from_etag(inquiry, header)
        message = type(self).service(
            inquiry=inquiry,
            author=self.membership.user,
            body=data.validated_data["body"],
            via=Message.Via.API,
            **extra,
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class InquiryReplyView(_MessageView):
    service = staticmethod(services.inquiry_reply)

    @extend_schema(
        operation_id="inquiries_reply",
        summary="Reply to the customer (emailed to them; stops the 3-day clock)",
        parameters=[IDEMPOTENCY_PARAMETER, REPLY_IF_MATCH],
        request=MessageCreateSerializer,
        responses={201: MessageSerializer, **errors(400, 403, 404, 409, 412, 422)},
        tags=["inquiries"],
    )
    @idempotent
    def post(self, request, pk: int):
        return self.post_message(pk, if_match=True)


class InquiryNoteView(_MessageView):
    service = staticmethod(services.inquiry_note_add)

    @extend_schema(
        operation_id="inquiries_note",
        summary="Add an internal note (never emailed; does not stop the clock); @name mentions "
        "a teammate, who is told by email",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=MessageCreateSerializer,
        responses={201: MessageSerializer, **errors(400, 403, 404, 409, 422)},
        tags=["inquiries"],
    )
    @idempotent
    def post(self, request, pk: int):
        return self.post_message(pk)


class _TransitionView(_InquiryMixin, MemberAPIView):
    service = None

    @idempotent
    def post(self, request, pk: int):
        inquiry = self.get_inquiry(pk)
        type(self).service(inquiry=inquiry, actor=self.membership.user)
        return Response(InquirySerializer(inquiry).data)


_TRANSITION_SCHEMA = {
    "parameters": [IDEMPOTENCY_PARAMETER],
    "request": None,
    "responses": {200: InquirySerializer, **errors(403, 404, 409, 422)},
    "tags": ["inquiries"],
}


class InquiryCloseView(_TransitionView):
    service = staticmethod(services.inquiry_close)

    @extend_schema(operation_id="inquiries_close", summary="Close", **_TRANSITION_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class InquiryReopenView(_TransitionView):
    service = staticmethod(services.inquiry_reopen)

    @extend_schema(operation_id="inquiries_reopen", summary="Reopen", **_TRANSITION_SCHEMA)
    def post(self, request, pk: int):
        return super().post(request, pk)


class ReplyTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    body = serializers.CharField(help_text="Filled in for this inquiry ({customer_name}, …).")


class InquiryTemplatesView(_InquiryMixin, MemberAPIView):
    @extend_schema(
        operation_id="inquiries_templates",
        summary="The account's reply templates, filled in for this inquiry",
        responses={200: ReplyTemplateSerializer(many=True), **errors(404)},
        tags=["inquiries"],
    )
    def get(self, request, pk: int):
        inquiry = self.get_inquiry(pk)
        templates = [
            {
                "id": t.pk,
                "name": t.name,
                "body": services.reply_template_render(template=t, inquiry=inquiry),
            }
            for t in selectors.reply_template_list(account=self.account)
        ]
        return Response(ReplyTemplateSerializer(templates, many=True).data)


class InquiryAssignView(_InquiryMixin, MemberAPIView):
    @extend_schema(
        **assign_schema(
            operation_id="inquiries_assign", response=InquirySerializer, tag="inquiries"
        )
    )
    @idempotent
    def post(self, request, pk: int):
        inquiry = self.get_inquiry(pk)
        assignee = assignee_from_request(request, self.account)
        services.inquiry_assign(
            membership=self.membership, inquiry=inquiry, assignee=assignee, via="api"
        )
        return Response(InquirySerializer(inquiry).data)
