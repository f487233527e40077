"""Thin views: read through selectors, write through services, turn DomainErrors into 4xx."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from refunds.selectors import purchase_identifiers_many
from voc_portal.accounts.middleware import SESSION_KEY
from voc_portal.accounts.permissions import CustomerRequiredMixin, DeveloperRequiredMixin
from voc_portal.accounts.selectors import membership_get
from voc_portal.catalog.models import App
from voc_portal.core.errors import DomainError
from voc_portal.core.pagination import InvalidCursor, clamp_page_size

from . import selectors, services
from .forms import (
    FollowupForm,
    InboxFilterForm,
    InquiryCreateForm,
    NoteForm,
    ReplyForm,
    ReplyTemplateForm,
)
from .models import Category, Status

INBOX_PAGE_SIZE = 25


def _form_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _attachment_response(attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("File missing.") from exc
    inline = attachment.content_type.startswith("image/") or attachment.content_type.endswith("pdf")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# --- customer pages ------------------------------------------------------------------------------


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
                _form_error(form, exc)
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
                _form_error(form, exc)
            else:
                messages.success(request, _("Your message was sent."))
                return redirect("inquiries:my_detail", pk=inquiry.pk)
        return self._render(inquiry, form, status=400)


class MyAttachmentView(CustomerRequiredMixin, View):
    def get(self, request, pk):
        attachment = selectors.attachment_get_for_customer(customer=self.customer, pk=pk)
        return _attachment_response(attachment)


# --- developer pages -----------------------------------------------------------------------------


class DashboardView(DeveloperRequiredMixin, View):
    def get(self, request):
        now = timezone.now()
        dashboard = selectors.inquiry_dashboard(account=self.account, now=now)
        return render(request, "inquiries/dashboard.html", {"dashboard": dashboard, "now": now})


class InboxView(DeveloperRequiredMixin, View):
    def get(self, request):
        apps = list(selectors.app_list_for_account(account=self.account))
        form = InboxFilterForm(request.GET or None, apps=apps)
        if form.is_bound and not form.is_valid():
            # e.g. another account's app id: say so rather than silently showing everything.
            context = {"form": form, "bad_filter": True, "first_url": reverse("inquiries:inbox")}
            return render(request, "inquiries/inbox.html", context, status=400)
        data = form.cleaned_data if form.is_bound else {}
        now = timezone.now()
        filters = selectors.InboxFilters(
            app_id=data.get("app"),
            category=data.get("category") or None,
            state=data.get("state") or None,
            due_within_24h=bool(data.get("due")),
            overdue=bool(data.get("overdue")),
            q=data.get("q") or "",
            now=now,
        )
        page_size = clamp_page_size(request.GET.get("size"), INBOX_PAGE_SIZE)
        cursor = request.GET.get("cursor") or None
        try:
            page = selectors.inquiry_list_for_member(
                account=self.account, filters=filters, cursor=cursor, page_size=page_size
            )
        except InvalidCursor:
            return render(
                request,
                "inquiries/inbox.html",
                {"form": form, "bad_cursor": True, "first_url": self._url(request, None)},
                status=400,
            )
        counts = selectors.inquiry_counts_for_member(account=self.account, filters=filters)
        context = {
            "form": form,
            "page": page,
            "counts": counts,
            "now": now,
            "tabs": self._tabs(request, counts),
            "next_url": self._url(request, page.next_cursor) if page.next_cursor else None,
            "first_url": self._url(request, None) if cursor else None,
        }
        return render(request, "inquiries/inbox.html", context)

    @staticmethod
    def _url(request, cursor: str | None) -> str:
        params = request.GET.copy()
        params.pop("cursor", None)
        if cursor:
            params["cursor"] = cursor
        query = params.urlencode()
        return reverse("inquiries:inbox") + (f"?{query}" if query else "")

    @staticmethod
    def _tabs(request, counts: dict) -> list[dict]:
        """Filter shortcuts with their counts; each keeps app, category and search."""
        keep = {k: v for k, v in request.GET.items() if k in ("q", "app", "category") and v}
        current = (request.GET.get("state"), request.GET.get("due"), request.GET.get("overdue"))
        tabs = [
            ("all", _("All"), {}),
            ("awaiting", _("Awaiting you"), {"state": "awaiting"}),
            ("due_within_24h", _("Due within 24 h"), {"due": "on"}),
            ("overdue", _("Overdue"), {"overdue": "on"}),
            ("escalated", _("Escalated"), {"state": "escalated"}),
            ("answered", _("Answered"), {"state": "answered"}),
            ("closed", _("Closed"), {"state": "closed"}),
        ]
        result = []
        for key, label, extra in tabs:
            params = {**keep, **extra}
            active = current == (extra.get("state"), extra.get("due"), extra.get("overdue"))
            result.append(
                {
                    "key": key,
                    "label": label,
                    "count": counts.get(key, 0),
                    "url": reverse("inquiries:inbox") + ("?" + urlencode(params) if params else ""),
                    "active": active,
                }
            )
        return result


class MemberInquiryMixin(DeveloperRequiredMixin):
    """Loads the inquiry through the tenancy-checked selector and renders the thread page."""

    def get_inquiry(self, pk):
        return selectors.inquiry_get_for_member(user=self.request.user, account=self.account, pk=pk)

    def render_detail(self, inquiry, *, reply_form=None, note_form=None, status=200):
        templates = list(selectors.reply_template_list(account=self.account))
        if reply_form is None:
            initial = {}
            chosen = self.request.GET.get("template")
            if chosen:
                template = selectors.reply_template_get(account=self.account, pk=chosen)
                initial["body"] = services.reply_template_render(template=template, inquiry=inquiry)
            reply_form = ReplyForm(initial=initial)
        context = {
            "inquiry": inquiry,
            "thread": selectors.inquiry_thread(inquiry=inquiry),
            "purchases": self.purchases_with_identifiers(inquiry),
            "events": list(inquiry.events.select_related("actor").order_by("created_at", "id")),
            "reply_form": reply_form,
            "note_form": note_form or NoteForm(),
            "templates": templates,
            "chosen_template": self.request.GET.get("template", ""),
            "Status": Status,
            "now": timezone.now(),
        }
        return render(self.request, "inquiries/detail.html", context, status=status)

    def purchases_with_identifiers(self, inquiry) -> list:
        """The customer's purchases of this app; identifiers unmasked only with consent O."""
        purchases = selectors.purchase_list_for_inquiry(inquiry=inquiry)
        identifiers = purchase_identifiers_many(
            purchases=purchases, user=self.request.user, where="web"
        )
        for purchase in purchases:
            purchase.identifiers = identifiers[purchase.pk]
        return purchases

    def back(self, inquiry) -> HttpResponseRedirect:
        return redirect("inquiries:detail", pk=inquiry.pk)


class InquiryDetailView(MemberInquiryMixin, View):
    def get(self, request, pk):
        try:
            inquiry = self.get_inquiry(pk)
        except Http404:
            # A link from an email may belong to another of the user's accounts: switch to it.
            account_id = selectors.inquiry_account_id_for_user(user=request.user, pk=pk)
            if account_id is None or account_id == self.account.pk:
                raise
            request.session[SESSION_KEY] = account_id
            membership = membership_get(request.user, account_id)
            messages.info(
                request, _("Now working in %(account)s.") % {"account": membership.account.name}
            )
            return redirect(request.get_full_path())
        return self.render_detail(inquiry)


class _MessagePostView(MemberInquiryMixin, View):
    """Reply and note share one flow: validate, call the service, show errors in place."""

    form_class: type
    form_context: str  # the render_detail keyword that re-shows the bound form
    service: Callable[..., object]
    done: str

    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                type(self).service(
                    inquiry=inquiry, author=request.user, body=form.cleaned_data["body"]
                )
            except DomainError as exc:
                _form_error(form, exc)
                return self.render_detail(inquiry, **{self.form_context: form}, status=exc.status)
            messages.success(request, _(self.done))
            return self.back(inquiry)
        return self.render_detail(inquiry, **{self.form_context: form}, status=400)


class InquiryReplyView(_MessagePostView):
    form_class = ReplyForm
    form_context = "reply_form"
    service = staticmethod(services.inquiry_reply)
    done = gettext_noop("Your reply was sent to the customer.")


class InquiryNoteView(_MessagePostView):
    form_class = NoteForm
    form_context = "note_form"
    service = staticmethod(services.inquiry_note_add)
    done = gettext_noop("Internal note saved.")


class InquiryCloseView(MemberInquiryMixin, View):
    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        try:
            services.inquiry_close(inquiry=inquiry, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return self.render_detail(inquiry, status=exc.status)
        messages.success(request, _("Inquiry closed."))
        return self.back(inquiry)


class InquiryReopenView(MemberInquiryMixin, View):
    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        try:
            services.inquiry_reopen(inquiry=inquiry, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return self.render_detail(inquiry, status=exc.status)
        messages.success(request, _("Inquiry reopened."))
        return self.back(inquiry)


class AttachmentView(DeveloperRequiredMixin, View):
    def get(self, request, pk):
        attachment = selectors.attachment_get_for_member(account=self.account, pk=pk)
        return _attachment_response(attachment)


# --- reply templates -----------------------------------------------------------------------------


class ReplyTemplateListView(DeveloperRequiredMixin, View):
    def get(self, request):
        templates = selectors.reply_template_list(account=self.account)
        return render(request, "inquiries/template_list.html", {"templates": templates})


class ReplyTemplateEditView(DeveloperRequiredMixin, View):
    """Create (no pk) or edit (pk) a template of the current account."""

    def _template(self, pk):
        return selectors.reply_template_get(account=self.account, pk=pk) if pk else None

    def get(self, request, pk=None):
        template = self._template(pk)
        initial = {"name": template.name, "body": template.body} if template else {}
        form = ReplyTemplateForm(initial=initial)
        return render(
            request, "inquiries/template_form.html", {"form": form, "template_obj": template}
        )

    def post(self, request, pk=None):
        template = self._template(pk)
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.reply_template_save(
                    account_id=self.account.pk,
                    name=form.cleaned_data["name"],
                    body=form.cleaned_data["body"],
                    template=template,
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("inquiries:template_list")
        return render(
            request,
            "inquiries/template_form.html",
            {"form": form, "template_obj": template},
            status=400,
        )


class ReplyTemplateDeleteView(DeveloperRequiredMixin, View):
    def post(self, request, pk):
        template = selectors.reply_template_get(account=self.account, pk=pk)
        services.reply_template_delete(template=template, account_id=self.account.pk)
        messages.success(request, _("Template deleted."))
        return redirect("inquiries:template_list")
