"""CSV export of the inbox under any filter the inbox accepts (streamed, tenancy-scoped)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.catalog.masking import mask_identifier
from voc_portal.core.csv_export import csv_response
from voc_portal.core.routers import reading_from_replica

from .. import selectors
from ..forms import InboxFilterForm
from ..list_filters import EXPORT_HEADER, inquiry_export_rows


def bad_filter_response(form) -> HttpResponse:
    """A 400 naming the fields that were refused (another account's app id among them)."""
    problems = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
    return HttpResponse(
        f"These filters are not valid: {problems}", status=400, content_type="text/plain"
    )


class InquiryExportView(DeveloperRequiredMixin, View):
    def get(self, request):
        apps = list(selectors.app_list_for_account(account=self.account))
        form = InboxFilterForm(request.GET or None, apps=apps)
        if form.is_bound and not form.is_valid():
            return bad_filter_response(form)
        filters = form.filters(now=timezone.now())
        # Identifiers are always masked in an export: a file leaves the consent audit behind.
        # Streamed after the view returns: the rows read the alias chosen now (docs/scaling.md).
        with reading_from_replica(user=request.user) as alias:
            rows = inquiry_export_rows(
                account=self.account, filters=filters, mask=mask_identifier, using=alias
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(f"inquiries-{stamp}.csv", EXPORT_HEADER, rows)
