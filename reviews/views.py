"""Thin views: read through selectors, write through services, DomainError → form errors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.access import membership_can
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action, role_allows
from voc_portal.accounts.selectors import customer_for_user
from voc_portal.catalog.assignment import assignable_members, assignment_tabs
from voc_portal.core.errors import DomainError, NotFound, PermissionDenied
from voc_portal.core.forms import form_add_domain_error
from voc_portal.core.pagination import clamp_page_size, page_or_first
from voc_portal.savedviews.selectors import saved_view_list

from . import selectors, services
from .charts import weekly_average_svg
from .forms import (
    ConsoleFilterForm,
    PublicOrderForm,
    ReplyForm,
    ReplyTemplateForm,
    ReviewForm,
)
from .models import RATINGS, render_reply_template


def _bad_link(request, bad: bool) -> int:
    """The status of a list page: 400 with a message when its cursor was not issued here."""
    if not bad:
        return 200
    messages.error(request, _("This page link is no longer valid. Showing the first page."))
    return 400


# --- public app pages ----------------------------------------------------------------------------


class AppListView(View):
    template_name = "reviews/app_list.html"

    def get(self, request):
        page_size = clamp_page_size(request.GET.get("page_size"), 24)
        page, bad = page_or_first(
            lambda cursor: selectors.app_list_public(cursor=cursor, page_size=page_size),
            request.GET.get("cursor"),
        )
        return render(request, self.template_name, {"page": page}, status=_bad_link(request, bad))


class AppDetailView(View):
    """The public app page; signed-in purchasers also get their own review form here."""

    template_name = "reviews/app_detail.html"

    def get(self, request, package_name: str):
        app = selectors.app_get_public(package_name=package_name)
        return self.render_page(request, app)

    def render_page(self, request, app, *, review_form=None, status=200):
        order_form = PublicOrderForm(request.GET)
        order = order_form.order_value()
        page_size = clamp_page_size(request.GET.get("page_size"), 20)
        page, bad = page_or_first(
            lambda cursor: selectors.review_list_public(
                app=app, order=order, cursor=cursor, page_size=page_size
            ),
            request.GET.get("cursor"),
        )
        status = _bad_link(request, bad) if bad else status
        customer = customer_for_user(request.user)
        own = selectors.review_get_own(customer=customer, app=app)
        can_review = selectors.review_is_purchaser(customer=customer, app=app)
        if review_form is None and can_review:
            initial = {"rating": own.rating, "body": own.body} if own else {}
            review_form = ReviewForm(initial=initial)
        rating = selectors.app_rating_get(app)
        distribution = [
            (star, rating.star_counts()[star]) for star in sorted(RATINGS, reverse=True)
        ]
        context = {
            "app": app,
            "rating": rating,
            "distribution": distribution,
            "page": page,
            "order": order,
            "customer": customer,
            "own_review": own,
            "can_review": can_review,
            "review_form": review_form,
            "orders": [
                ("newest", _("Newest first")),
                ("highest", _("Highest rating")),
                ("lowest", _("Lowest rating")),
            ],
        }
        return render(request, self.template_name, context, status=status)


class ReviewSaveView(AppDetailView):
    """Create or edit the signed-in customer's review of the app."""

    def get(self, request, package_name: str):
        return redirect("reviews:app_detail", package_name=package_name)

    def post(self, request, package_name: str):
        app = selectors.app_get_public(package_name=package_name)
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("reviews:app_detail", args=[package_name]))
        customer = customer_for_user(request.user)
        form = ReviewForm(request.POST)
        if customer is None:
            messages.error(request, _("Only store customers can review apps."))
            return self.render_page(request, app, review_form=None, status=403)
        if not form.is_valid():
            return self.render_page(request, app, review_form=form, status=400)
        own = selectors.review_get_own(customer=customer, app=app)
        data = form.cleaned_data
        try:
            if own is None:
                services.review_create(
                    customer=customer, app=app, rating=data["rating"], body=data["body"]
                )
                messages.success(request, _("Thank you, your review is published."))
            else:
                services.review_update(
                    review=own, customer=customer, rating=data["rating"], body=data["body"]
                )
                messages.success(request, _("Your review is updated."))
        except DomainError as exc:
            if exc.code == "not_a_purchaser":
                messages.error(request, exc.message)
                return self.render_page(request, app, status=exc.status)
            form_add_domain_error(form, exc)
            return self.render_page(request, app, review_form=form, status=exc.status)
        return redirect("reviews:app_detail", package_name=package_name)


class ReviewDeleteView(View):
    def post(self, request, package_name: str):
        app = selectors.app_get_public(package_name=package_name)
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("reviews:app_detail", args=[package_name]))
        own = selectors.review_get_own(customer=customer_for_user(request.user), app=app)
        if own is None:
            raise Http404("No such review.")
        services.review_delete(review=own, customer=own.customer)
        messages.success(request, _("Your review is deleted."))
        return redirect("reviews:app_detail", package_name=package_name)


# --- developer console ---------------------------------------------------------------------------


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("reviews:console")


class ReviewConsoleView(DeveloperRequiredMixin, View):
    template_name = "reviews/console.html"

    def get(self, request):
        apps = selectors.account_app_list(account=self.account)
        form = ConsoleFilterForm(request.GET or None, apps=apps)
        filters = form.filters()
        page_size = clamp_page_size(request.GET.get("page_size"), 20)
        # The Mine / Unassigned / Team tab, which only the console applies (as the inbox does).
        assigned = request.GET.get("assigned") or None
        (page, counts), bad = page_or_first(
            lambda cursor: selectors.review_list_for_member(
                account=self.account,
                filters=filters,
                cursor=cursor,
                page_size=page_size,
                membership=self.membership,
                assigned=assigned,
            ),
            request.GET.get("cursor"),
        )
        figures = selectors.rating_figures(account=self.account, app_id=filters.app_id)
        query = request.GET.copy()
        query.pop("cursor", None)
        context = {
            "form": form,
            "page": page,
            "counts": counts,
            "star_counts": [(s, counts.stars.get(s, 0)) for s in sorted(RATINGS, reverse=True)],
            "figures": figures,
            "figure_stars": [(s, figures.stars.get(s, 0)) for s in sorted(RATINGS, reverse=True)],
            "chart": weekly_average_svg(figures.weeks),
            "assignment_tabs": assignment_tabs(
                request, counts.assigned, url_name="reviews:console"
            ),
            "assignable": assignable_members(self.account),
            "can_assign": membership_can(self.membership, Action.REVIEW_ASSIGN),
            "templates": selectors.review_reply_template_list(account=self.account),
            "reply_form": ReplyForm(),
            "query": query.urlencode(),
            "current_url": request.get_full_path(),
            "saved_views": saved_view_list(
                account=self.account,
                user=request.user,
                kind="reviews",
                manages_shared=role_allows(self.membership.role, Action.SHARED_VIEW_MANAGE),
            ),
        }
        # A bad page link or a filter that cannot be applied (an inverted date range): a 400.
        status = _bad_link(request, bad)
        if form.is_bound and form.errors:
            status = 400
        return render(request, self.template_name, context, status=status)


class ReviewReplyView(DeveloperRequiredMixin, View):
    """Post or change the official reply to one of the account's reviews."""

    template_name = "reviews/reply_form.html"

    def post(self, request, pk: int):
        review = selectors.review_get_for_member(account=self.account, pk=pk)
        form = ReplyForm(request.POST)
        if form.is_valid():
            body = form.cleaned_data["body"]
            template_id = form.cleaned_data["template"]
            if not body.strip() and template_id:
                template = selectors.review_reply_template_get(account=self.account, pk=template_id)
                body = render_reply_template(
                    template.body,
                    customer=review.customer,
                    app=review.app.title,
                )
            try:
                services.review_reply_publish(
                    review=review, account=self.account, author=request.user, body=body
                )
            except NotFound as exc:
                raise Http404("No such review.") from exc
            except PermissionDenied:
                raise  # a role's refusal is the 403 page (accounts.middleware), as for inquiries
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Your official reply is published."))
                return HttpResponseRedirect(
                    _safe_next(request, form.cleaned_data.get("next")) + f"#review-{review.pk}"
                )
        context = {"review": review, "form": form, "next": request.POST.get("next", "")}
        return render(request, self.template_name, context, status=400)


class ReviewReplyDeleteView(DeveloperRequiredMixin, View):
    def post(self, request, pk: int):
        review = selectors.review_get_for_member(account=self.account, pk=pk)
        services.review_reply_delete(review=review, account=self.account, actor=request.user)
        messages.success(request, _("The official reply is deleted."))
        return HttpResponseRedirect(_safe_next(request, request.POST.get("next")))


class ReplyTemplateListView(DeveloperRequiredMixin, View):
    write_action = Action.TEMPLATE_MANAGE
    template_name = "reviews/templates.html"

    def get(self, request):
        return self.render_page(request, ReplyTemplateForm())

    def post(self, request):
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.review_reply_template_save(account=self.account, **form.cleaned_data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("reviews:templates")
        return self.render_page(request, form, status=400)

    def render_page(self, request, form, status=200):
        context = {
            "form": form,
            "templates": selectors.review_reply_template_list(account=self.account),
        }
        return render(request, self.template_name, context, status=status)


class ReplyTemplateEditView(DeveloperRequiredMixin, View):
    write_action = Action.TEMPLATE_MANAGE
    template_name = "reviews/template_edit.html"

    def get(self, request, pk: int):
        template = selectors.review_reply_template_get(account=self.account, pk=pk)
        form = ReplyTemplateForm(initial={"name": template.name, "body": template.body})
        return render(request, self.template_name, {"form": form, "template": template})

    def post(self, request, pk: int):
        template = selectors.review_reply_template_get(account=self.account, pk=pk)
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.review_reply_template_save(
                    account=self.account, template=template, **form.cleaned_data
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("reviews:templates")
        context = {"form": form, "template": template}
        return render(request, self.template_name, context, status=400)


class ReplyTemplateDeleteView(DeveloperRequiredMixin, View):
    write_action = Action.TEMPLATE_MANAGE

    def post(self, request, pk: int):
        template = selectors.review_reply_template_get(account=self.account, pk=pk)
        services.review_reply_template_delete(account=self.account, template=template)
        messages.success(request, _("Template deleted."))
        return redirect("reviews:templates")
