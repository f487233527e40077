import csv
import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from refunds.admin import PaymentIdentifierViewAdmin
from refunds.models import PaymentIdentifierView
from voc_portal.accounts.admin import CustomerAdmin
from voc_portal.accounts.models import Customer

from .access import customer_export
from .erasure import customer_erase
from .models import LifecycleRun


@admin.register(LifecycleRun)
class LifecycleRunAdmin(admin.ModelAdmin):
    """Read-only: the audit of what the sweeps destroyed."""

    list_display = ["ran_at", "kind", "cutoff", "counts"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the customer admin gains the data-subject actions (this app sits above accounts) ---------


admin.site.unregister(Customer)


@admin.register(Customer)
class CustomerPrivacyAdmin(CustomerAdmin):
    actions = ["export_data", "erase_customer"]

    @admin.action(description=_("Erase this customer's personal data"))
    def erase_customer(self, request, queryset):
        """A confirmation page first; only its POST with confirm=yes erases."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one customer."), messages.ERROR)
            return None
        customer = queryset.select_related("user").get()
        if request.POST.get("confirm") != "yes":
            context = {**self.admin_site.each_context(request), "customer": customer}
            return TemplateResponse(request, "privacy/erase_confirm.html", context)
        customer_erase(
            customer=customer,
            actor=request.user,
            remove_reviews=request.POST.get("reviews") == "remove",
        )
        self.message_user(request, _("The customer's personal data was erased."))
        return None

    @admin.action(description=_("Export this customer's data (JSON)"))
    def export_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one customer."), messages.ERROR)
            return None
        customer = queryset.select_related("user").get()
        body = json.dumps(customer_export(customer=customer), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"customer-{customer.customer_number}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- the audit report of unmasked identifiers: filter in the list, export the selection -------


admin.site.unregister(PaymentIdentifierView)


@admin.register(PaymentIdentifierView)
class IdentifierViewReportAdmin(PaymentIdentifierViewAdmin):
    list_filter = ["where", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["user__email", "purchase__tid", "purchase__customer__customer_number"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    @admin.action(description=_("Export as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="identifier-views.csv"'
        writer = csv.writer(response)
        writer.writerow(["viewed_at", "user", "purchase", "refund", "where"])
        rows = queryset.order_by("created_at", "id").values_list(
            "created_at", "user__email", "purchase_id", "refund_id", "where"
        )
        for at, email, purchase_id, refund_id, where in rows.iterator(chunk_size=2000):
            writer.writerow([at.isoformat(), email, purchase_id, refund_id or "", where])
        return response
