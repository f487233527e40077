"""Ops work the refund queue here. Buttons call the services; nothing is edited raw."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from inquiries.selectors import inquiry_thread
from voc_portal.catalog.services import purchase_identifiers_show
from voc_portal.core.errors import DomainError

from . import selectors, services
from .display import billing_status, refund_reason
from .models import OPEN_STATES, BillingState, OverdueInquiry, PaymentIdentifierView, RefundRequest

CHANGE_PERM = "refunds.change_refundrequest"


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("1", _("under 1 day")), ("3", _("1 to 3 days")), ("old", _("over 3 days"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        day, three = now - timedelta(days=1), now - timedelta(days=3)
        if self.value() == "1":
            return queryset.filter(created_at__gte=day)
        if self.value() == "3":
            return queryset.filter(created_at__lt=day, created_at__gte=three)
        if self.value() == "old":
            return queryset.filter(created_at__lt=three)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue inquiry")
    parameter_name = "overdue"
    overdue = Q(source="escalation") | Q(inquiry__escalated_at__isnull=False)

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.overdue)
        if self.value() == "no":
            return queryset.exclude(self.overdue)
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """Open cases by default: decided ones are history, one click away. An approved case whose
    billing call is failing is still ops' business, so it stays in the open queue."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("open", _("Open cases")), ("decided", _("Decided")), ("all", _("All"))]

    def value(self):
        return super().value() or "open"

    def choices(self, changelist):
        for key, label in self.lookup_choices:
            yield {
                "selected": self.value() == key,
                "query_string": changelist.get_query_string({self.parameter_name: key}),
                "display": label,
            }

    def queryset(self, request, queryset):
        work = Q(state__in=OPEN_STATES) | Q(billing_state=BillingState.FAILING)
        if self.value() == "open":
            return queryset.filter(work)
        if self.value() == "decided":
            return queryset.exclude(work)
        return queryset


def case_deadline(refund: RefundRequest):
    """Ops answer a case on the store's own 3-day rule, counted from filing."""
    return refund.created_at + settings.VOC_ANSWER_DEADLINE


def case_is_urgent(refund: RefundRequest, now) -> bool:
    """Open and due within a day (or past due), or opened by the 3-day rule."""
    if refund.state not in OPEN_STATES:
        return False
    return refund.source == "escalation" or case_deadline(refund) - now <= timedelta(days=1)


def _duration(delta: timedelta) -> str:
    hours = int(abs(delta.total_seconds()) // 3600)
    days, hours = divmod(hours, 24)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h") % {"hours": hours}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the customer)"), widget=forms.Textarea)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("What information is needed?"), widget=forms.Textarea)


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea)


@admin.register(RefundRequest)
class RefundRequestAdmin(admin.ModelAdmin):
    change_form_template = "refunds/admin/case.html"
    list_display = [
        "id",
        "age",
        "deadline",
        "state",
        "source",
        "app",
        "customer_number",
        "purchased_item",
        "consent",
        "billing",
        "assigned_to",
    ]
    list_display_links = ["id"]
    # "billing: failing" is the ops queue's view of a billing call that does not get through.
    list_filter = [
        QueueFilter, "source", "state", "billing_state", "app", AgeFilter, OverdueFilter
    ]  # fmt: skip
    search_fields = [
        "=customer_number",
        "=purchase__tid",
        "=purchase__txid",
        "=purchase__receipt_number",
    ]
    ordering = ["created_at", "id"]
    list_select_related = ["app", "assigned_to"]
    show_full_result_count = False
    fields = [
        "account",
        "app",
        "source",
        "state",
        "inquiry",
        "customer_number",
        "purchased_at",
        "purchased_item",
        "consent",
        "consent_at",
        "shown_reason",
        "decision_note",
        "answered_late_at",
        "assigned_to",
        "created_at",
        "decided_at",
        "billing",
        "billing_error",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin-ops.css"]}

    @admin.display(description=_("reason"))
    def shown_reason(self, refund: RefundRequest) -> str:
        return refund_reason(refund)

    @admin.display(description=_("billing"), ordering="billing_since")
    def billing(self, refund: RefundRequest) -> str:
        return billing_status(refund) or "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return _duration(timezone.now() - obj.created_at)

    @admin.display(description=_("deadline"), ordering="created_at")
    def deadline(self, obj):
        now = timezone.now()
        due = case_deadline(obj)
        if obj.state not in OPEN_STATES:
            return "—"
        left = _("%(time)s left") % {"time": _duration(due - now)}
        if due <= now:
            left = _("%(time)s overdue") % {"time": _duration(now - due)}
        css = "ops-case urgent" if case_is_urgent(obj, now) else "ops-case"
        stamp = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
        return format_html('<span class="{}" title="{}">{}</span>', css, stamp, left)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        custom = [
            path("<int:pk>/start-review/", wrap(self.start_review_view), name="refunds_start"),
            path("<int:pk>/approve/", wrap(self.approve_view), name="refunds_approve"),
            path("<int:pk>/reject/", wrap(self.reject_view), name="refunds_reject"),
            path("<int:pk>/request-info/", wrap(self.request_info_view), name="refunds_info"),
            path("<int:pk>/assign-to-me/", wrap(self.assign_view), name="refunds_assign"),
        ]
        return custom + super().get_urls()

    # --- the case page ------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        refund = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        # Nothing is edited raw: the buttons below call the services.
        extra.update(show_save=False, show_save_and_continue=False)
        extra.update(show_save_and_add_another=False, show_delete=False)
        if refund is not None:
            extra.update(self.case_context(request, refund))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def case_context(self, request, refund, **forms_):
        purchase = refund.purchase
        # Ops see the store's own identifiers; the service audits every showing.
        identifiers = purchase_identifiers_show(
            purchases=[purchase],
            user=request.user,
            where=PaymentIdentifierView.Where.ADMIN,
            refund_id=refund.pk,
        )[purchase.pk]
        thread = []
        if refund.inquiry_id:
            thread = inquiry_thread(inquiry=refund.inquiry, include_internal=False)
        return {
            "refund": refund,
            "purchase": purchase,
            "identifiers": identifiers,
            "thread": thread,
            "events": selectors.refund_event_list(refund=refund),
            "consent_requests": selectors.consent_request_list(refund=refund),
            "can_act": request.user.has_perm(CHANGE_PERM),
            "reject_form": forms_.get("reject_form") or RejectForm(),
            "info_form": forms_.get("info_form") or NoteForm(),
            "approve_form": forms_.get("approve_form") or ApproveForm(),
        }

    # --- buttons: POST only, permission-checked, one service each, logged ---------------------

    def _act(self, request, pk, action, *, done: str, form_class=None, form_key=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(CHANGE_PERM):
            raise PermissionDenied
        refund = RefundRequest.objects.filter(pk=pk).first()
        if refund is None:
            raise Http404
        data = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please fill in the form."))
                return redirect(self._case_url(pk))
            data = form.cleaned_data
        try:
            refund = action(refund, data)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(self._case_url(pk))
        if refund.billing_state:  # the store's billing cancels; the purchase waits for it
            done = str(_("Approved; billing is asked to cancel the payment."))
        self.log_change(request, refund, done)
        messages.success(request, done)
        return redirect(self._case_url(pk))

    def _case_url(self, pk):
        return reverse("admin:refunds_refundrequest_change", args=[pk])

    def start_review_view(self, request, pk):
        return self._act(
            request,
            pk,
            lambda r, d: services.refund_start_review(refund=r, actor=request.user),
            done=str(_("Review started.")),
        )

    def approve_view(self, request, pk):
        return self._act(
            request,
            pk,
            lambda r, d: services.refund_approve(
                refund=r, actor=request.user, note=d.get("comment", "")
            ),
            done=str(_("Approved; the purchase is cancelled.")),
            form_class=ApproveForm,
        )

    def reject_view(self, request, pk):
        return self._act(
            request,
            pk,
            lambda r, d: services.refund_reject(refund=r, actor=request.user, reason=d["reason"]),
            done=str(_("Rejected.")),
            form_class=RejectForm,
        )

    def request_info_view(self, request, pk):
        return self._act(
            request,
            pk,
            lambda r, d: services.refund_request_info(refund=r, actor=request.user, note=d["note"]),
            done=str(_("Asked the developer for information.")),
            form_class=NoteForm,
        )

    def assign_view(self, request, pk):
        return self._act(
            request,
            pk,
            lambda r, d: services.refund_assign(
                refund=r, actor=request.user, assignee=request.user
            ),
            done=str(_("Assigned to you.")),
        )


@admin.register(OverdueInquiry)
class OverdueInquiryAdmin(admin.ModelAdmin):
    """Escalated inquiries, including those the 3-day rule flagged without opening a case."""

    list_display = ["id", "subject", "app", "account", "status", "escalated_at", "has_case"]
    list_filter = ["status", "app__account"]
    search_fields = ["=customer__customer_number", "subject"]
    ordering = ["escalated_at", "id"]
    list_select_related = ["app", "account"]
    readonly_fields = [
        "account",
        "app",
        "customer",
        "purchase",
        "subject",
        "status",
        "clock",
        "due_at",
        "escalated_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        cases = RefundRequest.objects.filter(inquiry=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .filter(escalated_at__isnull=False)
            .annotate(_has_case=Exists(cases))
        )

    @admin.display(boolean=True, description=_("has a case"), ordering="_has_case")
    def has_case(self, obj):
        return obj._has_case

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentIdentifierView)
class PaymentIdentifierViewAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "purchase", "refund", "where"]
    list_filter = ["where"]
    list_select_related = ["user", "purchase"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
