"""Refund requests: create (the web form's validation and consent rules), list, detail, answer.

The request body is validated by the same form the web page uses (refunds.forms), then
refunds.services.refund_submit files it. Payment identifiers come only from
refunds.selectors.purchase_identifiers_for_member (masked without consent O; every unmasked view
audited with where="api").
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from inquiries.selectors import inquiry_get_for_member
from refunds import selectors, services
from refunds.forms import AnswerInfoForm, RefundRequestForm
from refunds.models import PaymentIdentifierView, RefundRequest, Source

from ..etags import IF_MATCH_PARAMETER, check_if_match
from ..idempotency import IDEMPOTENCY_PARAMETER, idempotent
from ..pagination import CURSOR_PARAMETERS, paginate, paginated_response, paginated_serializer
from ..schema import errors
from ..serializers.refunds import (
    RefundAnswerSerializer,
    RefundCreateSerializer,
    RefundDetailSerializer,
    RefundQuerySerializer,
    RefundSerializer,
    refund_etag,
)
from .base import MemberAPIView

ORDERING = ["-created_at", "-id"]


def _form_errors(form) -> exceptions.ValidationError:
    """A Django form's errors (with their codes) as DRF's ValidationError."""
    detail = {
        ("non_field_errors" if name == "__all__" else name): [
            exceptions.ErrorDetail(" ".join(e.messages), code=e.code) for e in errs
        ]
        for name, errs in form.errors.as_data().items()
    }
    return exceptions.ValidationError(detail)


# Payment identifiers never reach error reports or logs (as on the web form).
@method_decorator(sensitive_post_parameters("tid", "txid", "receipt_number"), name="dispatch")
class RefundListView(MemberAPIView):
    @extend_schema(
        operation_id="refunds_list",
        summary="The account's refund requests, newest first",
        parameters=[RefundQuerySerializer, *CURSOR_PARAMETERS],
        responses={200: paginated_serializer("RefundPage", RefundSerializer()), **errors(400)},
        tags=["refunds"],
    )
    def get(self, request):
        query = RefundQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = selectors.refund_list(account=self.account)
        if query.validated_data.get("state"):
            qs = qs.filter(state=query.validated_data["state"])
        page = paginate(qs, request=request, ordering=ORDERING)
        return paginated_response(request, page, RefundSerializer(page.items, many=True).data)

    @extend_schema(
        operation_id="refunds_create",
        summary="File a refund request to store operations (Help > Contact Us)",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=RefundCreateSerializer,
        responses={201: RefundSerializer, **errors(400, 404, 409, 422)},
        tags=["refunds"],
    )
    @idempotent
    def post(self, request):
        data = RefundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        local = timezone.localtime(values["purchased_at"])
        form = RefundRequestForm(
            {
                **{k: v for k, v in values.items() if k not in ("purchased_at", "inquiry")},
                "purchased_at": local.strftime("%Y-%m-%d %H:%M:%S"),
                "inquiry": values.get("inquiry") or "",
            },
            account=self.account,
        )
        if not form.is_valid():
            raise _form_errors(form)
        cleaned = form.cleaned_data
        inquiry = None
        if cleaned.get("inquiry"):
            inquiry = inquiry_get_for_member(
                user=self.membership.user, account=self.account, pk=cleaned["inquiry"]
            )
        consent = cleaned["consent"] == "O"
        refund = services.refund_submit(
            account=self.account,
            actor=self.membership.user,
            purchase=form.purchase,
            source=Source.INQUIRY if inquiry else Source.DEVELOPER_CONTACT,
            consent=consent,
            reason=cleaned["reason"],
            inquiry=inquiry,
            tid=cleaned["tid"] if consent else "",
            txid=cleaned["txid"] if consent else "",
            receipt_number=cleaned["receipt_number"] if consent else "",
        )
        # The answer carries no payment identifier (it is stored for Idempotency-Key replays);
        # GET the Location for the detail.
        refund = selectors.refund_get_for_member(account=self.account, pk=refund.pk)
        return _summary_response(refund, status.HTTP_201_CREATED)


def _summary_response(refund: RefundRequest, code: int = status.HTTP_200_OK) -> Response:
    response = Response(RefundSerializer(refund).data, status=code)
    response["ETag"] = refund_etag(refund)
    response["Location"] = reverse("api:refund", args=[refund.pk])
    return response


def _detail_response(request, user, refund: RefundRequest) -> Response:
    identifiers = selectors.purchase_identifiers_for_member(
        purchase=refund.purchase, user=user, where=PaymentIdentifierView.Where.API, refund=refund
    )
    events = refund.events.order_by("created_at", "id")
    body = RefundDetailSerializer(refund, context={"events": events, "identifiers": identifiers})
    response = Response(body.data)
    response["ETag"] = refund_etag(refund)
    return response


class RefundDetailView(MemberAPIView):
    @extend_schema(
        operation_id="refunds_retrieve",
        summary="One refund request with its history; identifiers masked unless consent O",
        responses={200: RefundDetailSerializer, **errors(404)},
        tags=["refunds"],
    )
    def get(self, request, pk: int):
        refund = selectors.refund_get_for_member(account=self.account, pk=pk)
        return _detail_response(request, self.membership.user, refund)


class RefundAnswerView(MemberAPIView):
    @extend_schema(
        operation_id="refunds_answer",
        summary="Answer store operations' question (a needs-info request goes back to review)",
        parameters=[IF_MATCH_PARAMETER, IDEMPOTENCY_PARAMETER],
        request=RefundAnswerSerializer,
        responses={200: RefundSerializer, **errors(400, 404, 409, 412, 422)},
        tags=["refunds"],
    )
    @idempotent
    def post(self, request, pk: int):
        refund = selectors.refund_get_for_member(account=self.account, pk=pk)
        data = RefundAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = AnswerInfoForm({"answer": data.validated_data["answer"]})
        if not form.is_valid():
            raise _form_errors(form)
        with transaction.atomic():
            # Lock, then compare: a concurrent change cannot slip between check and answer.
            current = RefundRequest.objects.select_for_update(of=("self",)).get(pk=refund.pk)
            check_if_match(request, refund_etag(current))
            services.refund_answer_info(
                refund=refund, actor=self.membership.user, answer=form.cleaned_data["answer"]
            )
        return _summary_response(selectors.refund_get_for_member(account=self.account, pk=pk))
