from django.urls import path

from voc_portal.api.views import apps, summary

urlpatterns = [
    path("api/v1/apps/", apps.AppListView.as_view(), name="apps"),
    path("api/v1/summary/", summary.SummaryView.as_view(), name="summary"),
]
