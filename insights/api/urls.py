from django.urls import path

from . import views

urlpatterns = [
    path("api/v1/apps/", views.AppListView.as_view(), name="apps"),
    path("api/v1/summary/", views.SummaryView.as_view(), name="summary"),
]
