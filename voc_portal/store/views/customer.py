"""The store app, on behalf of the customer it signed in (X-Store-Customer-Number).

The same forms, selectors and services as the portal's own customer pages (inquiries.views
.customer, reviews.views): the same rules, and another customer's thread is a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from inquiries import selectors as inquiry_selectors
from inquiries import services as inquiry_services
from inquiries.forms import FollowupForm, InquiryCreateForm
from inquiries.models import Message
from inquiries.views.files import attachment_response
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.forms import ReviewForm

from .. import selectors
from ..authentication import CUSTOMER_HEADER
from ..customer_serializers import (
    FollowupIn,
    InquiryIn,
    InquiryOut,
    InquirySummaryOut,
    MessageOut,
    ReviewIn,
    ReviewOut,
)
from .base import StoreMultipartView, StoreView

# Form field -> API field, where the API names a thing by the store's id.
FIELD_NAMES = {"purchase": "purchase_id", "__all__": "non_field_errors"}


def _form_errors(form) -> exceptions.ValidationError:
    return exceptions.ValidationError(
        {
            FIELD_NAMES.get(name, name): [e["message"] for e in errors]
            for name, errors in form.errors.get_json_data().items()
        }
    )


class CustomerMixin:
    def customer(self, request):
        return selectors.customer_for_number(request._request.META.get(CUSTOMER_HEADER, ""))

    def data(self, request):
        """The JSON object or the form fields; anything else (a list, a number) is a 400."""
        if not hasattr(request.data, "get"):
            raise exceptions.ParseError(_("Send a JSON object or form fields."))
        return request.data


def _files(request) -> MultiValueDict:
    return MultiValueDict({"attachments": request.FILES.getlist("attachments")})


def _inquiry_body(inquiry) -> dict:
    thread = inquiry_selectors.inquiry_thread(inquiry=inquiry, include_internal=False)
    return InquiryOut(inquiry, context={"thread": thread}).data


class MyInquiriesView(CustomerMixin, StoreMultipartView):
    @extend_schema(operation_id="my_inquiry_list", responses=InquirySummaryOut(many=True))
    def get(self, request):
        customer = self.customer(request)
        inquiries = inquiry_selectors.inquiry_list_for_customer(customer=customer)[:200]
        return Response(InquirySummaryOut(inquiries, many=True).data)

    @extend_schema(
        operation_id="my_inquiry_create",
        request={"application/json": InquiryIn, "multipart/form-data": InquiryIn},
        responses={201: InquiryOut},
    )
    def post(self, request):
        customer, data = self.customer(request), self.data(request)
        app_link = selectors.app_link_for_inquiry(data.get("app_id"))
        purchase_store_id = data.get("purchase_id") or ""
        purchase_pk = selectors.purchase_id_for_customer(
            customer=customer, store_id=purchase_store_id
        )
        if purchase_store_id and purchase_pk is None:
            raise exceptions.ValidationError({"purchase_id": [_("Not one of your purchases.")]})
        fields = {name: data.get(name, "") for name in ("category", "subject", "body")}
        fields["purchase"] = purchase_pk or ""
        purchases = inquiry_selectors.purchase_choices_for_customer(
            customer=customer, app=app_link.app
        )
        form = InquiryCreateForm(fields, _files(request), purchases=purchases)
        if not form.is_valid():
            raise _form_errors(form)
        inquiry = inquiry_services.inquiry_create(
            customer=customer,
            app=app_link.app,
            category=form.cleaned_data["category"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            purchase=form.cleaned_data["purchase"],
            attachments=form.cleaned_data["attachments"],
            via=Message.Via.STORE,
        )
        inquiry = inquiry_selectors.inquiry_get_for_customer(customer=customer, pk=inquiry.pk)
        return Response(_inquiry_body(inquiry), status=201)


class MyInquiryView(CustomerMixin, StoreView):
    @extend_schema(operation_id="my_inquiry_read", responses=InquiryOut)
    def get(self, request, pk: int):
        customer = self.customer(request)
        inquiry = inquiry_selectors.inquiry_get_for_customer(customer=customer, pk=pk)
        return Response(_inquiry_body(inquiry))


class MyInquiryFollowupView(CustomerMixin, StoreMultipartView):
    @extend_schema(
        operation_id="my_inquiry_followup",
        request={"application/json": FollowupIn, "multipart/form-data": FollowupIn},
        responses={201: MessageOut},
    )
    def post(self, request, pk: int):
        customer = self.customer(request)
        inquiry = inquiry_selectors.inquiry_get_for_customer(customer=customer, pk=pk)
        form = FollowupForm({"body": self.data(request).get("body", "")}, _files(request))
        if not form.is_valid():
            raise _form_errors(form)
        message = inquiry_services.inquiry_customer_followup(
            inquiry=inquiry,
            customer=customer,
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data["attachments"],
            via=Message.Via.STORE,
        )
        return Response(MessageOut(message).data, status=201)


class MyAttachmentView(CustomerMixin, StoreView):
    @extend_schema(operation_id="my_attachment_read", responses={(200, "*/*"): bytes})
    def get(self, request, pk: int):
        customer = self.customer(request)
        attachment = inquiry_selectors.attachment_get_for_customer(customer=customer, pk=pk)
        return attachment_response(attachment)


class MyReviewsView(CustomerMixin, StoreView):
    @extend_schema(operation_id="my_review_list", responses=ReviewOut(many=True))
    def get(self, request):
        customer = self.customer(request)
        reviews = review_selectors.review_list_own(customer=customer)[:200]
        return Response(ReviewOut(reviews, many=True).data)


class MyReviewView(CustomerMixin, StoreView):
    def _own(self, request, app_id: str):
        customer = self.customer(request)
        app = selectors.app_link_get(store_id=app_id).app
        return customer, app, review_selectors.review_get_own(customer=customer, app=app)

    @extend_schema(operation_id="my_review_read", responses=ReviewOut)
    def get(self, request, app_id: str):
        _customer, _app, own = self._own(request, app_id)
        if own is None:
            raise Http404("No review.")
        return Response(ReviewOut(own).data)

    @extend_schema(operation_id="my_review_save", request=ReviewIn, responses=ReviewOut)
    def put(self, request, app_id: str):
        customer, app, own = self._own(request, app_id)
        data = self.data(request)
        form = ReviewForm({k: data.get(k, "") for k in ("rating", "body")})
        if not form.is_valid():
            raise _form_errors(form)
        rating, body = form.cleaned_data["rating"], form.cleaned_data["body"]
        if own is None:
            review_services.review_create(customer=customer, app=app, rating=rating, body=body)
        else:
            review_services.review_update(review=own, customer=customer, rating=rating, body=body)
        own = review_selectors.review_get_own(customer=customer, app=app)
        return Response(ReviewOut(own).data)

    @extend_schema(operation_id="my_review_delete", responses={204: None})
    def delete(self, request, app_id: str):
        customer, _app, own = self._own(request, app_id)
        if own is None:
            raise Http404("No review.")
        review_services.review_delete(review=own, customer=customer)
        return Response(status=204)
