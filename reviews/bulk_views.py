from __future__ import annotations

from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.core.bulk_views import bulk_post

from . import services


class ReviewBulkView(DeveloperRequiredMixin, View):
    """The console's bulk bar: reply to the ticked reviews with one template."""

    def post(self, request):
        return bulk_post(
            request,
            apply=services.review_bulk_apply,
            account=self.account,
            fallback="reviews:console",
            param_names=("template",),
        )
