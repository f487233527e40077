from __future__ import annotations

from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.core.bulk_views import bulk_post

from .. import services


class InquiryBulkView(DeveloperRequiredMixin, View):
    """The inbox's bulk bar: close or reopen the ticked inquiries (see services/bulk.py)."""

    def post(self, request):
        return bulk_post(
            request,
            apply=services.inquiry_bulk_apply,
            account=self.account,
            fallback="inquiries:inbox",
        )
