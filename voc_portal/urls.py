from django.contrib import admin
from django.urls import include, path

from inquiries.api.urls import urlpatterns as inquiries_api
from insights.api.urls import urlpatterns as insights_api
from refunds.api.urls import urlpatterns as refunds_api
from reviews.api.urls import urlpatterns as reviews_api
from voc_portal.api import urls as api
from voc_portal.savedviews.api_urls import urlpatterns as savedviews_api

# One "api" namespace: the shared routes, each domain's routes, and the JSON 404 last.
api_urlpatterns = [
    *api.urlpatterns,
    *insights_api,
    *inquiries_api,
    *reviews_api,
    *refunds_api,
    *savedviews_api,
    *api.fallback_urlpatterns,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("voc_portal.accounts.urls")),
    path("", include("reviews.urls")),
    path("", include("inquiries.urls")),
    path("refunds/", include("refunds.urls")),
    path("", include("insights.urls")),
    path("", include("voc_portal.savedviews.urls")),
    path("mail/", include("voc_portal.mail.urls")),
    # /api/… (schema, docs, v1) and the token pages at /settings/tokens/ (namespace "api").
    path("", include((api_urlpatterns, "api"))),
]
# No /media/ route, not even with DEBUG: the only uploads are inquiry attachments, and those are
# served only through their authorising views (inquiries:attachment for members of the account,
# inquiries:my_attachment for the inquiry's customer).
