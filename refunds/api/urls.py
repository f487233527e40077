from django.urls import path

from . import views

urlpatterns = [
    path("api/v1/refunds/", views.RefundListView.as_view(), name="refunds"),
    path("api/v1/refunds/<int:pk>/", views.RefundDetailView.as_view(), name="refund"),
    path("api/v1/refunds/<int:pk>/answer/", views.RefundAnswerView.as_view(), name="refund_answer"),
]
