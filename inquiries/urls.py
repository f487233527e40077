from django.urls import path

from . import views

app_name = "inquiries"
urlpatterns = [
    # Customer (store side)
    path("apps/<str:package_name>/contact/", views.InquiryCreateView.as_view(), name="create"),
    path("my/inquiries/", views.MyInquiryListView.as_view(), name="my_list"),
    path("my/inquiries/<int:pk>/", views.MyInquiryDetailView.as_view(), name="my_detail"),
    path("my/inquiries/files/<int:pk>/", views.MyAttachmentView.as_view(), name="my_attachment"),
    # Developer Center
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("inquiries/", views.InboxView.as_view(), name="inbox"),
    path("inquiries/bulk/", views.InquiryBulkView.as_view(), name="bulk"),
    path("inquiries/export.csv", views.InquiryExportView.as_view(), name="export"),
    path("inquiries/<int:pk>/", views.InquiryDetailView.as_view(), name="detail"),
    path("inquiries/<int:pk>/reply/", views.InquiryReplyView.as_view(), name="reply"),
    path(
        "inquiries/<int:pk>/reply/preview/",
        views.InquiryReplyPreviewView.as_view(),
        name="reply_preview",
    ),
    path("inquiries/<int:pk>/note/", views.InquiryNoteView.as_view(), name="note"),
    path("inquiries/<int:pk>/close/", views.InquiryCloseView.as_view(), name="close"),
    path("inquiries/<int:pk>/reopen/", views.InquiryReopenView.as_view(), name="reopen"),
    path("inquiries/<int:pk>/assign/", views.InquiryAssignView.as_view(), name="assign"),
    path("inquiries/<int:pk>/presence/", views.InquiryPresenceView.as_view(), name="presence"),
    path("inquiries/files/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("inquiries/templates/", views.ReplyTemplateListView.as_view(), name="template_list"),
    path("inquiries/templates/new/", views.ReplyTemplateEditView.as_view(), name="template_create"),
    path(
        "inquiries/templates/<int:pk>/edit/",
        views.ReplyTemplateEditView.as_view(),
        name="template_edit",
    ),
    path(
        "inquiries/templates/<int:pk>/delete/",
        views.ReplyTemplateDeleteView.as_view(),
        name="template_delete",
    ),
]
