from django.urls import path

from . import views
from .bulk import ReviewBulkView

urlpatterns = [
    path("api/v1/reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("api/v1/reviews/bulk/", ReviewBulkView.as_view(), name="reviews_bulk"),
    path("api/v1/reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review"),
    path("api/v1/reviews/<int:pk>/assign/", views.ReviewAssignView.as_view(), name="review_assign"),
    path("api/v1/reviews/<int:pk>/reply/", views.OfficialReplyView.as_view(), name="review_reply"),
]
