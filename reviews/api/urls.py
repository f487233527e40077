from django.urls import path

from voc_portal.api.views import reviews

urlpatterns = [
    path("api/v1/reviews/", reviews.ReviewListView.as_view(), name="reviews"),
    path("api/v1/reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review"),
    path(
        "api/v1/reviews/<int:pk>/reply/", reviews.OfficialReplyView.as_view(), name="review_reply"
    ),
]
