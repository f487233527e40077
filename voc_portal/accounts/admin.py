from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import Customer, DeveloperAccount, Membership, User

admin.site.site_header = _("VOC Portal operations")
admin.site.site_title = _("VOC Portal operations")
admin.site.index_title = _("Store operations")


class _LowercaseEmailMixin:
    # Stored lower-cased (a database constraint); normalise before model validation sees it.
    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class UserCreationForm(_LowercaseEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(_LowercaseEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Email login: Django's UserAdmin with email in place of username."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "password1", "password2"),
            },
        ),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "notify_inquiries", "notify_reviews", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(DeveloperAccount)
class DeveloperAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "support_email", "member_count", "created_at"]
    search_fields = ["name", "support_email", "memberships__user__email"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, obj) -> int:
        return obj._member_count

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "account", "role", "notify_inquiries", "notify_reviews", "created_at"]
    list_filter = ["role", "notify_inquiries"]
    search_fields = ["user__email", "account__name"]
    autocomplete_fields = ["user", "account"]
    list_select_related = ["user", "account"]
    readonly_fields = ["created_at"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["customer_number", "email", "name", "language", "created_at"]
    ordering = ["customer_number"]
    list_filter = ["user__language"]
    search_fields = ["customer_number", "user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj) -> str:
        return obj.user.email

    @admin.display(description=_("name"), ordering="user__full_name")
    def name(self, obj) -> str:
        return obj.user.full_name

    @admin.display(description=_("language"), ordering="user__language")
    def language(self, obj) -> str:
        return obj.user.get_language_display()
