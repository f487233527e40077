from django.urls import path

from . import views
from .export import RefundExportView

app_name = "refunds"
urlpatterns = [
    path("", views.RefundListView.as_view(), name="list"),
    path("export.csv", RefundExportView.as_view(), name="export"),
    path("new/", views.RefundCreateView.as_view(), name="create"),
    path("<int:pk>/", views.RefundDetailView.as_view(), name="detail"),
    path("<int:pk>/answer/", views.RefundAnswerView.as_view(), name="answer"),
    path("<int:pk>/ask-consent/", views.RefundConsentRequestView.as_view(), name="ask_consent"),
    path("consent/<str:token>/", views.ConsentView.as_view(), name="consent"),
]
