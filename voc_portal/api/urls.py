"""Included at the root: the API under /api/ and the token pages under /settings/tokens/."""

from django.urls import path, re_path

from .errors import api_not_found
from .views import apps, docs, inquiries, refunds, reviews, summary, tokens

app_name = "api"

urlpatterns = [
    path("settings/tokens/", tokens.ApiTokenListView.as_view(), name="tokens"),
    path(
        "settings/tokens/<int:pk>/revoke/", tokens.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
    path("api/schema/", docs.ApiSchemaView.as_view(), name="schema"),
    path("api/docs/", docs.ApiDocsView.as_view(), name="docs"),
    path("api/v1/apps/", apps.AppListView.as_view(), name="apps"),
    path("api/v1/summary/", summary.SummaryView.as_view(), name="summary"),
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
    path("api/v1/reviews/", reviews.ReviewListView.as_view(), name="reviews"),
    path("api/v1/reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review"),
    path(
        "api/v1/reviews/<int:pk>/reply/", reviews.OfficialReplyView.as_view(), name="review_reply"
    ),
    path("api/v1/refunds/", refunds.RefundListView.as_view(), name="refunds"),
    path("api/v1/refunds/<int:pk>/", refunds.RefundDetailView.as_view(), name="refund"),
    path(
        "api/v1/refunds/<int:pk>/answer/", refunds.RefundAnswerView.as_view(), name="refund_answer"
    ),
    # Anything else under /api/ is a JSON 404, never the HTML page.
    re_path(r"^api/", api_not_found),
]
