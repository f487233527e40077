"""Developer Center refund pages and the customer's consent page. Thin: forms + services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from inquiries.models import Inquiry
from inquiries.selectors import inquiry_get_for_member
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.catalog.masking import mask_identifier
from voc_portal.catalog.models import PaymentIdentifierView
from voc_portal.catalog.services import IDENTIFIER_FIELDS, purchase_identifiers_show_for_member
from voc_portal.core.errors import DomainError
from voc_portal.core.forms import form_add_domain_error
from voc_portal.core.pagination import clamp_page_size, keyset_page, page_or_first

from . import selectors, services
from .forms import AnswerInfoForm, RefundRequestForm
from .models import State


class RefundListView(DeveloperRequiredMixin, View):
    def get(self, request):
        wanted = request.GET.get("state")
        qs = selectors.refund_list(account=self.account, state=wanted)
        page_size = clamp_page_size(request.GET.get("page_size"))
        page, bad = page_or_first(
            lambda cursor: keyset_page(
                qs, ordering=["-created_at", "-id"], cursor=cursor, page_size=page_size
            ),
            request.GET.get("cursor"),
        )
        if bad:
            messages.error(request, _("This page link is no longer valid. Showing the first page."))
        return render(
            request,
            "refunds/list.html",
            {"page": page, "states": State.choices, "state": wanted},
            status=400 if bad else 200,
        )


# Payment identifiers never reach error reports or logs.
@method_decorator(sensitive_post_parameters("tid", "txid", "receipt_number"), name="dispatch")
class RefundCreateView(DeveloperRequiredMixin, View):
    """ "Help > Contact Us": a refund request to store operations (or one click from an inquiry)."""

    def _inquiry(self, raw) -> Inquiry | None:
        if not raw:
            return None
        try:
            pk = int(raw)
        except (TypeError, ValueError) as exc:
            raise Http404("No such inquiry.") from exc
        return inquiry_get_for_member(
            user=self.request.user, account=self.account, pk=pk, membership=self.membership
        )

    def get(self, request):
        inquiry = self._inquiry(request.GET.get("inquiry"))
        initial = selectors.refund_initial_for_inquiry(inquiry=inquiry) if inquiry else {}
        form = RefundRequestForm(initial=initial)
        return render(request, "refunds/create.html", {"form": form, "inquiry": inquiry})

    def post(self, request):
        form = RefundRequestForm(request.POST)
        inquiry = None
        if form.is_valid():
            try:
                refund = services.refund_request_file(
                    account=self.account, actor=request.user, **form.filing_values()
                )
            except services.RefundFilingInvalid as exc:
                form.add_error(None, exc.error)
            except DomainError as exc:
                form_add_domain_error(form, exc)
                inquiry = self._inquiry(form.cleaned_data.get("inquiry"))
            else:
                messages.success(request, _("Your refund request was sent to store operations."))
                return redirect("refunds:detail", pk=refund.pk)
        context = {"form": form, "inquiry": inquiry}
        return render(request, "refunds/create.html", context, status=400)


class RefundDetailView(DeveloperRequiredMixin, View):
    def render_detail(self, refund, *, answer_form=None, status=200):
        identifiers = purchase_identifiers_show_for_member(
            purchase=refund.purchase,
            user=self.request.user,
            where=PaymentIdentifierView.Where.WEB,
            refund_id=refund.pk,
        )
        context = {
            "refund": refund,
            "events": selectors.refund_event_list(refund=refund),
            "identifiers": identifiers,
            "answer_form": answer_form or AnswerInfoForm(),
            # The developer's own O is a statement; only the customer's answer unmasks.
            "can_ask_consent": refund.is_open and identifiers["masked"],
        }
        return render(self.request, "refunds/detail.html", context, status=status)

    def get(self, request, pk):
        refund = selectors.refund_get_for_member(account=self.account, pk=pk)
        return self.render_detail(refund)


class RefundAnswerView(RefundDetailView):
    def get(self, request, pk):
        return redirect("refunds:detail", pk=pk)

    def post(self, request, pk):
        refund = selectors.refund_get_for_member(account=self.account, pk=pk)
        form = AnswerInfoForm(request.POST)
        if form.is_valid():
            try:
                services.refund_answer_info(
                    refund=refund, actor=request.user, answer=form.cleaned_data["answer"]
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
                return self.render_detail(refund, answer_form=form, status=exc.status)
            messages.success(request, _("Your answer was sent to store operations."))
            return redirect("refunds:detail", pk=pk)
        return self.render_detail(refund, answer_form=form, status=400)


class RefundConsentRequestView(DeveloperRequiredMixin, View):
    """ "Ask the customer for consent": emails the customer a single-use link."""

    def post(self, request, pk):
        refund = selectors.refund_get_for_member(account=self.account, pk=pk)
        try:
            services.consent_request_send(refund=refund, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("We emailed the customer a link to give consent."))
        return redirect(reverse("refunds:detail", kwargs={"pk": pk}))


def _masked_purchase(purchase) -> dict:
    return {f: mask_identifier(getattr(purchase, f)) for f in IDENTIFIER_FIELDS}


class ConsentView(View):
    """The customer's page behind the emailed link. GET shows; only a POST records an answer.

    Only the customer the link was sent to, signed in: anonymous visitors are sent to sign in
    first; anyone else signed in (another customer, a developer, ops) gets 404, as for a link
    that does not exist. The page shows the purchase with masked identifiers.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def _invalid(self, request, exc):
        return render(request, "refunds/consent_invalid.html", {"error": exc}, status=exc.status)

    def _page(self, request, consent, token, **extra):
        context = {
            "consent": consent,
            "token": token,
            "masked": _masked_purchase(consent.refund.purchase),
            # The §17② notice (templates/refunds/_consent_notice.html), as the email shows it.
            "developer_name": consent.refund.account.name,
            "retention_days": settings.VOC_RETENTION_DAYS,
            **extra,
        }
        return render(request, "refunds/consent.html", context, status=400 if extra else 200)

    def get(self, request, token):
        try:
            consent = services.consent_request_from_token(token=token, user=request.user)
        except DomainError as exc:
            return self._invalid(request, exc)
        return self._page(request, consent, token)

    def post(self, request, token):
        answer = request.POST.get("answer")
        try:
            if answer not in ("O", "X"):
                consent = services.consent_request_from_token(token=token, user=request.user)
                return self._page(request, consent, token, invalid=True)
            consent = services.consent_request_answer(
                token=token,
                consent=answer == "O",
                user=request.user,
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except DomainError as exc:
            return self._invalid(request, exc)
        return render(request, "refunds/consent_done.html", {"consent": consent})
