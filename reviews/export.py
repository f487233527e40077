"""CSV export of the review console under any filter it accepts (streamed, tenancy-scoped)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.core.csv_export import csv_response
from voc_portal.core.routers import reading_from_replica

from . import selectors
from .forms import ConsoleFilterForm
from .list_filters import EXPORT_HEADER, review_export_rows


class ReviewExportView(DeveloperRequiredMixin, View):
    def get(self, request):
        apps = selectors.account_app_list(account=self.account)
        form = ConsoleFilterForm(request.GET or None, apps=apps)
        if form.is_bound and not form.is_valid():
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            return HttpResponse(
                f"These filters are not valid: {problems}", status=400, content_type="text/plain"
            )
        with reading_from_replica(user=request.user) as alias:
            rows = review_export_rows(account=self.account, filters=form.filters(), using=alias)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(f"reviews-{stamp}.csv", EXPORT_HEADER, rows)
