from django.urls import path

from .api import SavedViewDetailView, SavedViewListView

urlpatterns = [
    path("api/v1/views/", SavedViewListView.as_view(), name="views"),
    path("api/v1/views/<int:pk>/", SavedViewDetailView.as_view(), name="view"),
]
