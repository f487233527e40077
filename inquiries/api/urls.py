from django.urls import path

from voc_portal.api.views import inquiries

urlpatterns = [
    path("api/v1/inquiries/", inquiries.InquiryListView.as_view(), name="inquiries"),
    path("api/v1/inquiries/<int:pk>/", inquiries.InquiryDetailView.as_view(), name="inquiry"),
    path(
        "api/v1/inquiries/<int:pk>/reply/",
        inquiries.InquiryReplyView.as_view(),
        name="inquiry_reply",
    ),
    path(
        "api/v1/inquiries/<int:pk>/notes/",
        inquiries.InquiryNoteView.as_view(),
        name="inquiry_note",
    ),
    path(
        "api/v1/inquiries/<int:pk>/close/",
        inquiries.InquiryCloseView.as_view(),
        name="inquiry_close",
    ),
    path(
        "api/v1/inquiries/<int:pk>/reopen/",
        inquiries.InquiryReopenView.as_view(),
        name="inquiry_reopen",
    ),
]
