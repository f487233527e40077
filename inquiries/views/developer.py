"""The Developer Center pages: the dashboard, the inbox, a thread and what a member does on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View

from voc_portal.accounts.access import membership_can
from voc_portal.accounts.middleware import SESSION_KEY
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action, role_allows
from voc_portal.accounts.selectors import membership_get
from voc_portal.catalog.assignment import assignable_members, assignment_tabs
from voc_portal.catalog.selectors import app_list_for_membership
from voc_portal.catalog.services import purchase_identifiers_show
from voc_portal.core.errors import DomainError, PreconditionFailed
from voc_portal.core.forms import form_add_domain_error
from voc_portal.core.pagination import InvalidCursor, clamp_page_size
from voc_portal.core.routers import replica_reads
from voc_portal.savedviews.selectors import saved_view_list

from .. import selectors, services
from ..forms import InboxFilterForm, NoteForm, ReplyForm
from ..models import Status
from .files import attachment_response
from .team import thread_team_context

INBOX_PAGE_SIZE = 25
# The reply and the internal note get their own ids: a label must never focus the other box.
REPLY_ID = "id_reply_%s"
NOTE_ID = "id_note_%s"


class DashboardView(DeveloperRequiredMixin, View):
    @method_decorator(replica_reads)  # lag-tolerant figures (docs/scaling.md)
    def get(self, request):
        now = timezone.now()
        dashboard = selectors.inquiry_dashboard(account=self.account, now=now)
        return render(request, "inquiries/dashboard.html", {"dashboard": dashboard, "now": now})


class InboxView(DeveloperRequiredMixin, View):
    @method_decorator(replica_reads)  # after the member's own write: the primary (routers)
    def get(self, request):
        apps = list(app_list_for_membership(membership=self.membership))
        form = InboxFilterForm(request.GET or None, apps=apps)
        if form.is_bound and not form.is_valid():
            # e.g. another account's app id: say so rather than silently showing everything.
            context = {"form": form, "bad_filter": True, "first_url": reverse("inquiries:inbox")}
            return render(request, "inquiries/inbox.html", context, status=400)
        data = form.cleaned_data if form.is_bound else {}
        now = timezone.now()
        # The form's filters, plus the Mine / Unassigned / Team tab, which only the inbox applies.
        filters = replace(form.filters(now=now), assigned=data.get("assigned") or None)
        # The search's plan once, for the page and its counts.
        filters = selectors.inbox_search_planned(
            account=self.account, filters=filters, membership=self.membership
        )
        page_size = clamp_page_size(request.GET.get("size"), INBOX_PAGE_SIZE)
        cursor = request.GET.get("cursor") or None
        try:
            page = selectors.inquiry_list_for_member(
                account=self.account,
                filters=filters,
                cursor=cursor,
                page_size=page_size,
                membership=self.membership,
            )
        except InvalidCursor:
            return render(
                request,
                "inquiries/inbox.html",
                {"form": form, "bad_cursor": True, "first_url": self._url(request, None)},
                status=400,
            )
        counts = selectors.inquiry_counts_for_member(
            account=self.account, filters=filters, membership=self.membership
        )
        context = {
            "form": form,
            "page": page,
            "counts": counts,
            "now": now,
            "tabs": self._tabs(request, counts),
            "assignment_tabs": assignment_tabs(request, counts, url_name="inquiries:inbox"),
            "assignable": assignable_members(self.account),
            "can_assign": membership_can(self.membership, Action.INQUIRY_ASSIGN),
            "next_url": self._url(request, page.next_cursor) if page.next_cursor else None,
            "first_url": self._url(request, None) if cursor else None,
            "bulk_actions": list(services.INQUIRY_BULK_ACTIONS),
            "saved_views": saved_view_list(
                account=self.account,
                user=request.user,
                kind="inbox",
                manages_shared=role_allows(self.membership.role, Action.SHARED_VIEW_MANAGE),
            ),
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
        keep = {
            k: v
            for k, v in request.GET.items()
            if k in ("q", "app", "category", "assigned", "age") and v
        }
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
        return selectors.inquiry_get_for_member(
            user=self.request.user, account=self.account, pk=pk, membership=self.membership
        )

    def render_detail(self, inquiry, *, reply_form=None, note_form=None, status=200, held=None):
        thread = selectors.inquiry_thread(inquiry=inquiry)
        version = services.thread_version_of(thread)  # the collision guard's (hidden field)
        templates = list(selectors.reply_template_list(account=self.account))
        for template in templates:
            # Filled in here so the page inserts them at the cursor without a reload.
            template.filled = services.reply_template_render(template=template, inquiry=inquiry)
        if reply_form is None:
            initial = {}
            chosen = self.request.GET.get("template")
            if chosen:  # the no-JavaScript fallback of the template picker
                template = selectors.reply_template_get(account=self.account, pk=chosen)
                initial["body"] = services.reply_template_render(template=template, inquiry=inquiry)
            initial["version"] = version
            reply_form = ReplyForm(initial=initial, auto_id=REPLY_ID)
        context = {
            "inquiry": inquiry,
            "thread": thread,
            "purchases": self.purchases_with_identifiers(inquiry),
            "events": list(
                inquiry.events.select_related("actor__customer").order_by("created_at", "id")
            ),
            "reply_form": reply_form,
            "note_form": note_form or NoteForm(auto_id=NOTE_ID),
            "templates": templates,
            "chosen_template": self.request.GET.get("template", ""),
            "Status": Status,
            "now": timezone.now(),
            "held": held,
            **thread_team_context(self, inquiry, version),
        }
        return render(self.request, "inquiries/detail.html", context, status=status)

    def purchases_with_identifiers(self, inquiry) -> list:
        """The customer's purchases of this app; identifiers unmasked only with consent O."""
        purchases = selectors.purchase_list_for_inquiry(inquiry=inquiry)
        identifiers = purchase_identifiers_show(
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
    auto_id: str
    service: Callable[..., object]
    done: str

    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        form = self.form_class(request.POST, auto_id=self.auto_id)
        if form.is_valid():
            try:
                type(self).service(
                    inquiry=inquiry,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    **self.service_kwargs(form),
                )
            except PreconditionFailed as exc:
                return self.held(inquiry, form, exc)
            except DomainError as exc:
                form_add_domain_error(form, exc)
                return self.render_detail(inquiry, **{self.form_context: form}, status=exc.status)
            messages.success(request, _(self.done))
            self.after(inquiry)
            return self.back(inquiry)
        return self.render_detail(inquiry, **{self.form_context: form}, status=400)

    def after(self, inquiry) -> None:
        """What follows a saved message (the reply's "Send and close")."""

    def service_kwargs(self, form) -> dict:
        return {}

    def held(self, inquiry, form, exc):
        """A reply from a stale page: keep the text, say who replied, offer to send anyway."""
        data = form.data.copy()
        data["version"] = str(exc.details.get("version", ""))
        data["send_anyway"] = "1"
        held_form = self.form_class(data, auto_id=self.auto_id)
        held_form.is_valid()
        return self.render_detail(inquiry, **{self.form_context: held_form}, status=409, held=exc)


class InquiryReplyView(_MessagePostView):
    form_class = ReplyForm
    form_context = "reply_form"
    auto_id = REPLY_ID
    service = staticmethod(services.inquiry_reply)
    done = gettext_noop("Your reply was sent to the customer.")

    def service_kwargs(self, form) -> dict:
        # After a hold the form carries the version the member was shown ("send anyway"): a
        # further teammate reply holds it again.
        return {"seen_version": form.cleaned_data.get("version")}

    def after(self, inquiry) -> None:
        if "and_close" not in self.request.POST:
            return
        try:
            services.inquiry_close(inquiry=self.get_inquiry(inquiry.pk), actor=self.request.user)
        except DomainError as exc:  # the reply is sent; say why the inquiry stays open
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, _("Inquiry closed."))


class InquiryNoteView(_MessagePostView):
    form_class = NoteForm
    form_context = "note_form"
    auto_id = NOTE_ID
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
        return attachment_response(attachment)
