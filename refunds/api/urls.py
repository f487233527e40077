from django.urls import path

from voc_portal.api.views import refunds

urlpatterns = [
    path("api/v1/refunds/", refunds.RefundListView.as_view(), name="refunds"),
    path("api/v1/refunds/<int:pk>/", refunds.RefundDetailView.as_view(), name="refund"),
    path(
        "api/v1/refunds/<int:pk>/answer/", refunds.RefundAnswerView.as_view(), name="refund_answer"
    ),
]
