"""The Reports page: first response, backlog aging and review replies, with SVG charts."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin

from . import presenters, reports
from .charts import bar_chart_svg
from .forms import ReportForm


def report_data(*, account, weeks: int, group: str) -> dict:
    """Every figure of the page (shared with the API): six aggregate queries."""
    now = timezone.now()
    since = now - timedelta(weeks=weeks)
    total, rows = reports.first_response_report(account=account, group=group, since=since, now=now)
    aging = reports.backlog_aging(account=account, now=now)
    reply_total, reply_rows = reports.review_reply_report(account=account, since=since, now=now)
    return {
        "now": now,
        "since": since,
        "weeks": weeks,
        "group": group,
        "response_total": total,
        "response_rows": rows,
        "aging": aging,
        "reply_total": reply_total,
        "reply_rows": reply_rows,
    }


class ReportsView(DeveloperRequiredMixin, View):
    def get(self, request):
        form = ReportForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return render(request, "insights/reports.html", {"form": form}, status=400)
        weeks, group = form.values()
        data = report_data(account=self.account, weeks=weeks, group=group)
        for row in [data["response_total"], *data["response_rows"], data["reply_total"]]:
            row.median_display = presenters.hours(row.median_seconds)
            row.p90_display = presenters.hours(row.p90_seconds)
        context = {
            "form": form,
            **data,
            "response_chart": bar_chart_svg(
                presenters.response_bars(group, data["response_rows"]),
                title=_("Median first response and share answered within 3 days"),
            ),
            "aging_chart": bar_chart_svg(
                presenters.aging_bars(data["aging"]), title=_("Awaiting you, by waiting time")
            ),
            "reply_chart": bar_chart_svg(
                presenters.reply_bars(data["reply_rows"]),
                title=_("Review reply rate and median time to reply, per app"),
            ),
            "response_table": [
                (row, presenters.response_row_url(group, row)) for row in data["response_rows"]
            ],
            "inbox_url": presenters.inbox_url(),
            "console_url": presenters.console_url(),
        }
        return render(request, "insights/reports.html", context)
