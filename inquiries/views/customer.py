"""The customer's pages (store side): contact the seller, my inquiries, a thread, a file."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.permissions import CustomerRequiredMixin
from voc_portal.catalog.models import App
from voc_portal.core.errors import DomainError
from voc_portal.core.forms import form_add_domain_error

from .. import selectors, services
from ..forms import FollowupForm, InquiryCreateForm
from ..models import Category, Status
from .files import attachment_response


class InquiryCreateView(CustomerRequiredMixin, View):
    """Contact seller: /apps/<package_name>/contact/."""

    template_name = "inquiries/create.html"

    def setup_app(self, package_name: str) -> App:
        return get_object_or_404(App.objects.select_related("account"), package_name=package_name)

    def _form(self, app, data=None, files=None):
        purchases = selectors.purchase_choices_for_customer(customer=self.customer, app=app)
        initial = {"category": self.request.GET.get("category") or Category.OTHER}
        return InquiryCreateForm(data, files, purchases=purchases, initial=initial)

    def _render(self, app, form, status=200):
        context = {"app": app, "form": form, "refund_category": Category.REFUND}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, package_name):
        app = self.setup_app(package_name)
        return self._render(app, self._form(app))

    def post(self, request, package_name):
        app = self.setup_app(package_name)
        form = self._form(app, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = services.inquiry_create(
                    customer=self.customer,
                    app=app,
                    category=data["category"],
                    subject=data["subject"],
                    body=data["body"],
                    purchase=data["purchase"],
                    attachments=data["attachments"],
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Your inquiry was sent to the developer."))
                return redirect("inquiries:my_detail", pk=inquiry.pk)
        return self._render(app, form, status=400)


class MyInquiryListView(CustomerRequiredMixin, View):
    def get(self, request):
        inquiries = selectors.inquiry_list_for_customer(customer=self.customer)[:200]
        return render(request, "inquiries/my_list.html", {"inquiries": inquiries})


class MyInquiryDetailView(CustomerRequiredMixin, View):
    template_name = "inquiries/my_detail.html"

    def _render(self, inquiry, form, status=200):
        thread = selectors.inquiry_thread(inquiry=inquiry, include_internal=False)
        context = {"inquiry": inquiry, "thread": thread, "form": form, "Status": Status}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        inquiry = selectors.inquiry_get_for_customer(customer=self.customer, pk=pk)
        return self._render(inquiry, FollowupForm())

    def post(self, request, pk):
        inquiry = selectors.inquiry_get_for_customer(customer=self.customer, pk=pk)
        form = FollowupForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.inquiry_customer_followup(
                    inquiry=inquiry,
                    customer=self.customer,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Your message was sent."))
                return redirect("inquiries:my_detail", pk=inquiry.pk)
        return self._render(inquiry, form, status=400)


class MyAttachmentView(CustomerRequiredMixin, View):
    def get(self, request, pk):
        attachment = selectors.attachment_get_for_customer(customer=self.customer, pk=pk)
        return attachment_response(attachment)
