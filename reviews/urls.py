from django.urls import path

from . import views
from .assign_views import ReviewAssignView
from .bulk_views import ReviewBulkView
from .export import ReviewExportView

app_name = "reviews"
urlpatterns = [
    path("apps/", views.AppListView.as_view(), name="app_list"),
    path("apps/<str:package_name>/", views.AppDetailView.as_view(), name="app_detail"),
    path("apps/<str:package_name>/review/", views.ReviewSaveView.as_view(), name="review_save"),
    path(
        "apps/<str:package_name>/review/delete/",
        views.ReviewDeleteView.as_view(),
        name="review_delete",
    ),
    path("reviews/", views.ReviewConsoleView.as_view(), name="console"),
    path("reviews/bulk/", ReviewBulkView.as_view(), name="bulk"),
    path("reviews/export.csv", ReviewExportView.as_view(), name="export"),
    path("reviews/<int:pk>/assign/", ReviewAssignView.as_view(), name="assign"),
    path("reviews/<int:pk>/reply/", views.ReviewReplyView.as_view(), name="reply_publish"),
    path(
        "reviews/<int:pk>/reply/delete/",
        views.ReviewReplyDeleteView.as_view(),
        name="reply_delete",
    ),
    path("reviews/templates/", views.ReplyTemplateListView.as_view(), name="templates"),
    path(
        "reviews/templates/<int:pk>/", views.ReplyTemplateEditView.as_view(), name="template_edit"
    ),
    path(
        "reviews/templates/<int:pk>/delete/",
        views.ReplyTemplateDeleteView.as_view(),
        name="template_delete",
    ),
]
