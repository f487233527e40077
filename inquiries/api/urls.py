from django.urls import path

from . import views
from .bulk import InquiryBulkView

urlpatterns = [
    path("api/v1/inquiries/", views.InquiryListView.as_view(), name="inquiries"),
    path("api/v1/inquiries/bulk/", InquiryBulkView.as_view(), name="inquiries_bulk"),
    path("api/v1/inquiries/<int:pk>/", views.InquiryDetailView.as_view(), name="inquiry"),
    path(
        "api/v1/inquiries/<int:pk>/reply/",
        views.InquiryReplyView.as_view(),
        name="inquiry_reply",
    ),
    path(
        "api/v1/inquiries/<int:pk>/notes/",
        views.InquiryNoteView.as_view(),
        name="inquiry_note",
    ),
    path(
        "api/v1/inquiries/<int:pk>/close/",
        views.InquiryCloseView.as_view(),
        name="inquiry_close",
    ),
    path(
        "api/v1/inquiries/<int:pk>/reopen/",
        views.InquiryReopenView.as_view(),
        name="inquiry_reopen",
    ),
    path(
        "api/v1/inquiries/<int:pk>/templates/",
        views.InquiryTemplatesView.as_view(),
        name="inquiry_templates",
    ),
    path(
        "api/v1/inquiries/<int:pk>/assign/",
        views.InquiryAssignView.as_view(),
        name="inquiry_assign",
    ),
]
