"""Account-wide figures across domains: the apps list, and the dashboard summary (inquiries'
figures from inquiries.selectors.inquiry_dashboard, ratings from reviews.selectors)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from inquiries.selectors import DashboardRow, app_list_for_account, inquiry_dashboard
from reviews.selectors import app_rating_map
from voc_portal.api.schema import errors
from voc_portal.api.serializers.apps import AppSerializer
from voc_portal.api.views.base import MemberAPIView

from .serializers import SummarySerializer


class AppListView(MemberAPIView):
    @extend_schema(
        operation_id="apps_list",
        summary="The developer account's apps",
        responses={200: AppSerializer(many=True), **errors(401)},
        tags=["apps"],
    )
    def get(self, request):
        return Response(AppSerializer(app_list_for_account(account=self.account), many=True).data)


def _figures(row: DashboardRow, *, rating_sum: int, rating_count: int) -> dict:
    median = row.median_first_response
    return {
        "open": row.open,
        "awaiting": row.awaiting,
        "due_within_24h": row.due_within_24h,
        "overdue": row.overdue,
        "escalated": row.escalated,
        "median_first_response_seconds": median.total_seconds() if median is not None else None,
        "answered_in_time_share": row.answered_in_time_share,
        "average_rating": round(rating_sum / rating_count, 1) if rating_count else None,
        "rating_count": rating_count,
    }


class SummaryView(MemberAPIView):
    @extend_schema(
        operation_id="summary_retrieve",
        summary="Dashboard figures: open, due within 24 h, overdue, average rating, per app",
        responses={200: SummarySerializer},
        tags=["summary"],
    )
    def get(self, request):
        dashboard = inquiry_dashboard(account=self.account, now=timezone.now())
        apps, total_sum, total_count = [], 0, 0
        ratings = app_rating_map([row.app for row in dashboard.apps])
        for row in dashboard.apps:
            rating = ratings[row.app.pk]
            total_sum += rating.sum
            total_count += rating.count
            apps.append(
                {"app": row.app, **_figures(row, rating_sum=rating.sum, rating_count=rating.count)}
            )
        body = {
            "total": _figures(dashboard.total, rating_sum=total_sum, rating_count=total_count),
            "apps": apps,
            "since": dashboard.since,
        }
        return Response(SummarySerializer(body).data)
