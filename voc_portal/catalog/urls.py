from django.urls import path

from . import access_views

app_name = "catalog"
urlpatterns = [
    path(
        "settings/members/<int:pk>/apps/",
        access_views.MemberAppsView.as_view(),
        name="member_apps",
    ),
]
