"""Ops: hide an abusive review with a reason, restore it. Both go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voc_portal.core.errors import DomainError

from . import services
from .forms import HideReviewForm
from .models import (
    AppRating,
    OfficialReply,
    Review,
    ReviewEvent,
    ReviewReplyTemplate,
    ReviewVersion,
)


def _log(request, review: Review, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[review],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


class ReviewVersionInline(admin.TabularInline):
    model = ReviewVersion
    extra = 0
    can_delete = False
    readonly_fields = ["rating", "body", "written_at", "replaced_at"]

    def has_add_permission(self, request, obj=None):
        return False


class ReviewEventInline(admin.TabularInline):
    """The review's history, official-reply edits included (written by the services only)."""

    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "note", "data"]
    readonly_fields = fields
    ordering = ["created_at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class _SetFilter(admin.SimpleListFilter):
    """Yes / no on whether a timestamp is set, with a translated title."""

    field: str

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class HiddenFilter(_SetFilter):
    title = gettext_lazy("hidden by store operations")
    parameter_name = "hidden"
    field = "hidden_at"


class DeletedFilter(_SetFilter):
    title = gettext_lazy("deleted by the customer")
    parameter_name = "deleted"
    field = "deleted_at"


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "app",
        "customer",
        "rating",
        "excerpt",
        "created_at",
        "state",
        "row_actions",
    ]
    list_filter = ["rating", HiddenFilter, DeletedFilter]
    search_fields = ["body", "app__title", "app__package_name", "customer__customer_number"]
    list_select_related = ["app", "customer"]
    readonly_fields = [
        "app",
        "customer",
        "rating",
        "body",
        "created_at",
        "updated_at",
        "edited_at",
        "deleted_at",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
    ]
    inlines = [ReviewVersionInline, ReviewEventInline]
    actions = ["hide_reviews", "restore_reviews"]
    change_form_template = "admin/reviews/review/change_form.html"

    @admin.display(description=gettext_lazy("review text"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: Review) -> str:
        if obj.deleted_at:
            return _("deleted by the author")
        if obj.hidden_at:
            return _("hidden: %(reason)s") % {"reason": obj.hidden_reason}
        return _("public")

    @admin.display(description=gettext_lazy("actions"))
    def row_actions(self, obj: Review) -> str:
        if obj.hidden_at:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:reviews_review_restore", args=[obj.pk]),
                _("Restore"),
            )
        if obj.deleted_at:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:reviews_review_hide", args=[obj.pk]), _("Hide")
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/hide/", wrap(self.hide_view), name="reviews_review_hide"),
            path("<int:pk>/restore/", wrap(self.restore_view), name="reviews_review_restore"),
            *super().get_urls(),
        ]

    # --- hiding ---

    def _hide(self, request, reviews, reason: str) -> int:
        done = 0
        for review in reviews:
            try:
                services.review_hide(review=review, actor=request.user, reason=reason)
            except DomainError as exc:
                self.message_user(request, f"{review}: {exc.message}", messages.WARNING)
                continue
            _log(request, review, f"Hidden: {reason}")
            done += 1
        return done

    def _hide_form_response(self, request, reviews, form, *, action: bool):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide reviews"),
            "reviews": reviews,
            "form": form,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reviews/review/hide.html", context)

    @admin.action(description=gettext_lazy("Hide (with reason)"), permissions=["change"])
    def hide_reviews(self, request, queryset):
        reviews = list(queryset)
        if "apply" in request.POST:
            form = HideReviewForm(request.POST)
            if form.is_valid():
                n = self._hide(request, reviews, form.cleaned_data["reason"])
                self.message_user(request, _("%(n)d review(s) hidden.") % {"n": n})
                return None
        else:
            form = HideReviewForm()
        return self._hide_form_response(request, reviews, form, action=True)

    def hide_view(self, request, pk: int):
        review = self.get_object(request, str(pk))
        if review is None or not self.has_change_permission(request, review):
            return redirect("admin:reviews_review_changelist")
        form = HideReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if self._hide(request, [review], form.cleaned_data["reason"]):
                self.message_user(request, _("The review is hidden."))
            return redirect("admin:reviews_review_change", pk)
        return self._hide_form_response(request, [review], form, action=False)

    # --- restoring ---

    def _restore(self, request, reviews) -> int:
        done = 0
        for review in reviews:
            try:
                services.review_restore(review=review, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{review}: {exc.message}", messages.WARNING)
                continue
            _log(request, review, "Restored")
            done += 1
        return done

    @admin.action(description=gettext_lazy("Restore"), permissions=["change"])
    def restore_reviews(self, request, queryset):
        n = self._restore(request, list(queryset))
        self.message_user(request, _("%(n)d review(s) restored.") % {"n": n})

    def restore_view(self, request, pk: int):
        review = self.get_object(request, str(pk))
        if review is None or not self.has_change_permission(request, review):
            return redirect("admin:reviews_review_changelist")
        if request.method == "POST":
            if self._restore(request, [review]):
                self.message_user(request, _("The review is restored."))
            return redirect("admin:reviews_review_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore review"),
            "review": review,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/review/restore.html", context)


@admin.register(OfficialReply)
class OfficialReplyAdmin(admin.ModelAdmin):
    list_display = ["id", "review", "account", "author", "version", "updated_at"]
    list_select_related = ["review__app", "review__customer", "account", "author"]
    readonly_fields = ["review", "account", "author", "body", "version", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(AppRating)
class AppRatingAdmin(admin.ModelAdmin):
    list_display = ["app", "count", "sum", "count_1", "count_2", "count_3", "count_4", "count_5"]
    list_select_related = ["app"]
    readonly_fields = [*list_display, "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewReplyTemplate)
class ReviewReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "created_at"]
    list_select_related = ["account"]
