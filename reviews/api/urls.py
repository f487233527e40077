from django.urls import path

from . import views

urlpatterns = [
    path("api/v1/reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("api/v1/reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review"),
    path("api/v1/reviews/<int:pk>/reply/", views.OfficialReplyView.as_view(), name="review_reply"),
]
