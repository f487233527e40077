from django.contrib import admin
from django.urls import include, path, re_path

from inquiries.api.urls import urlpatterns as inquiries_api
from insights.api.urls import urlpatterns as insights_api
from refunds.api.urls import urlpatterns as refunds_api
from reviews.api.urls import urlpatterns as reviews_api
from voc_portal.accounts.language import set_language
from voc_portal.api import urls as api
from voc_portal.api.errors import api_not_found
from voc_portal.push.api_urls import urlpatterns as push_api
from voc_portal.savedviews.api_urls import urlpatterns as savedviews_api

# One "api" namespace: the shared routes, each domain's routes, and the JSON 404 last.
api_urlpatterns = [
    *api.urlpatterns,
    *insights_api,
    *inquiries_api,
    *reviews_api,
    *refunds_api,
    *savedviews_api,
    *push_api,
    *api.fallback_urlpatterns,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # The header's language switch also saves the choice on the user (their mail follows it).
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("voc_portal.accounts.urls")),
    path("", include("voc_portal.catalog.urls")),
    path("", include("reviews.urls")),
    path("", include("inquiries.urls")),
    path("refunds/", include("refunds.urls")),
    path("", include("insights.urls")),
    path("", include("voc_portal.savedviews.urls")),
    path("", include("voc_portal.push.urls")),
    # Settings > Webhooks (voc_portal.webhooks).
    path("", include("voc_portal.webhooks.urls")),
    path("mail/", include("voc_portal.mail.urls")),
    # The Developer Center app (a PWA on /api/v1/, docs/app.md).
    path("app/", include("voc_portal.pwa.urls")),
    # /api/… (schema, docs, v1) and the token pages at /settings/tokens/ (namespace "api").
    path("", include((api_urlpatterns, "api"))),
    # The store's server-to-server API and its store app (voc_portal.store); JSON 404 after.
    path("store-api/v1/", include("voc_portal.store.urls")),
    # Customer sign-in through the store's identity provider (voc_portal.store.oidc).
    path("oidc/", include("mozilla_django_oidc.urls")),
    re_path(r"^store-api/", api_not_found),
]
# No /media/ route, not even with DEBUG: the only uploads are inquiry attachments, and those are
# served only through their authorising views (inquiries:attachment for members of the account,
# inquiries:my_attachment for the inquiry's customer).
