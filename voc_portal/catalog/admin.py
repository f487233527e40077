from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import App, AppAccess, Purchase


class PriceFilter(admin.SimpleListFilter):
    title = _("price")
    parameter_name = "paid"

    def lookups(self, request, model_admin):
        return [("free", _("Free")), ("paid", _("Paid"))]

    def queryset(self, request, queryset):
        if self.value() == "free":
            return queryset.filter(price=0)
        if self.value() == "paid":
            return queryset.filter(price__gt=0)
        return queryset


@admin.register(App)
class AppAdmin(admin.ModelAdmin):
    list_display = ["title", "package_name", "account", "price", "created_at"]
    list_filter = [PriceFilter, "account"]
    search_fields = ["title", "package_name", "account__name"]
    autocomplete_fields = ["account"]
    list_select_related = ["account"]
    readonly_fields = ["created_at"]


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = [
        "receipt_number",
        "item_name",
        "app",
        "customer",
        "amount",
        "state",
        "purchased_at",
    ]
    list_filter = ["state", "app", "purchased_at"]
    search_fields = [
        "=customer__customer_number",
        "=tid",
        "=txid",
        "=receipt_number",
        "customer__user__email",
        "item_name",
    ]
    autocomplete_fields = ["customer", "app"]
    list_select_related = ["app", "customer"]
    date_hierarchy = "purchased_at"
    # The store's payment records: fixed once written (cancellation goes through the refunds flow).
    readonly_fields = ["tid", "txid", "receipt_number", "purchased_at", "amount", "cancelled_at"]

    def get_readonly_fields(self, request, obj=None):
        # While adding (ops entering a missing record by hand) every field is editable.
        return [] if obj is None else self.readonly_fields


@admin.register(AppAccess)
class AppAccessAdmin(admin.ModelAdmin):
    """Per-app access of members whose "access to every app" is off (Membership.all_apps)."""

    list_display = ["membership", "app"]
    search_fields = ["membership__user__email", "app__title"]
    raw_id_fields = ["membership", "app"]
    list_select_related = ["membership__user", "membership__account", "app"]
