"""Assignment from the thread and the inbox rows, and the thread's presence endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.catalog.assignment import assignee_from_form
from voc_portal.core.errors import DomainError

from .. import presence, services
from .developer import MemberInquiryMixin


class InquiryAssignView(MemberInquiryMixin, View):
    """POST assignee=<membership id> (empty: unassign), from the thread or an inbox row."""

    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        try:
            assignee = assignee_from_form(
                self.account, self.membership, request.POST.get("assignee", "")
            )
            services.inquiry_assign(
                membership=self.membership, inquiry=inquiry, assignee=assignee, via="web"
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return self.render_detail(inquiry, status=exc.status)
        if assignee is None:
            messages.success(request, _("Inquiry unassigned."))
        else:
            messages.success(
                request, _("Assigned to %(name)s.") % {"name": assignee.user.get_full_name()}
            )
        target = request.POST.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return self.back(inquiry)


class InquiryPresenceView(MemberInquiryMixin, View):
    """POST typing=0|1: "I am on this thread"; answers who else is (JSON). Fails open."""

    http_method_names = ["post"]

    def post(self, request, pk):
        inquiry = self.get_inquiry(pk)
        typing = request.POST.get("typing") == "1"
        presence.presence_touch(inquiry_id=inquiry.pk, membership=self.membership, typing=typing)
        others = presence.presence_others(inquiry_id=inquiry.pk, membership=self.membership)
        return JsonResponse(
            {"others": others, "version": services.thread_version(inquiry)},
            headers={"Cache-Control": "no-store"},
        )
