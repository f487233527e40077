from django.urls import path

from . import views

app_name = "savedviews"
urlpatterns = [
    path("views/new/", views.SavedViewCreateView.as_view(), name="create"),
    path("views/<int:pk>/rename/", views.SavedViewRenameView.as_view(), name="rename"),
    path("views/<int:pk>/delete/", views.SavedViewDeleteView.as_view(), name="delete"),
]
