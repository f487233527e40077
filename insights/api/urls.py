from django.urls import path

from . import views
from .reports import ReportView

urlpatterns = [
    path("api/v1/apps/", views.AppListView.as_view(), name="apps"),
    path("api/v1/summary/", views.SummaryView.as_view(), name="summary"),
    path("api/v1/reports/", ReportView.as_view(), name="reports"),
]
