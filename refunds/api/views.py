"""Refund requests: create (the web form's validation, then the same filing service), list,
detail, answer.

The request body is validated by the form the web page uses (refunds.forms), then
refunds.services.refund_request_file files it, exactly as on the web. Payment identifiers come
only from voc_portal.catalog.services.purchase_identifiers_show_for_member (masked without
consent O; every unmasked view audited with where="api").
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from voc_portal.api.etags import IF_MATCH_PARAMETER
from voc_portal.api.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from voc_portal.api.pagination import (
    CURSOR_PARAMETERS,
    paginate,
    paginated_response,
    paginated_serializer,
)
from voc_portal.api.schema import errors
from voc_portal.api.views.base import MemberAPIView
from voc_portal.catalog.models import PaymentIdentifierView
from voc_portal.catalog.services import purchase_identifiers_show_for_member

from .. import selectors, services
from ..forms import AnswerInfoForm, RefundRequestForm
from ..models import RefundRequest, refund_etag
from .serializers import (
    RefundAnswerSerializer,
    RefundCreateSerializer,
    RefundDetailSerializer,
    RefundQuerySerializer,
    RefundSerializer,
)

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


def _create_form(values: dict) -> RefundRequestForm:
    """The web form, fed with the API body (times as the form's local-time text)."""
    local = timezone.localtime(values["purchased_at"])
    return RefundRequestForm(
        {
            **{k: v for k, v in values.items() if k not in ("purchased_at", "inquiry")},
            "purchased_at": local.strftime("%Y-%m-%d %H:%M:%S"),
            "inquiry": values.get("inquiry") or "",
        }
    )


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
        qs = selectors.refund_list(account=self.account, state=query.validated_data.get("state"))
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
        form = _create_form(data.validated_data)
        if not form.is_valid():
            raise _form_errors(form)
        try:
            refund = services.refund_request_file(
                account=self.account, actor=self.membership.user, **form.filing_values()
            )
        except services.RefundFilingInvalid as exc:
            form.add_error(None, exc.error)
            raise _form_errors(form) from exc
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
    identifiers = purchase_identifiers_show_for_member(
        purchase=refund.purchase,
        user=user,
        where=PaymentIdentifierView.Where.API,
        refund_id=refund.pk,
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
        responses={200: RefundSerializer, **errors(400, 404, 409, 412, 422, 428)},
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
        services.refund_answer_info(
            refund=refund,
            actor=self.membership.user,
            answer=form.cleaned_data["answer"],
            if_match=request.headers.get("If-Match"),
            if_match_required=True,
        )
        return _summary_response(selectors.refund_get_for_member(account=self.account, pk=pk))
