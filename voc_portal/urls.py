from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("voc_portal.accounts.urls")),
    path("", include("reviews.urls")),
    path("", include("inquiries.urls")),
    path("refunds/", include("refunds.urls")),
    path("mail/", include("voc_portal.mail.urls")),
    # /api/… (schema, docs, v1) and the token pages at /settings/tokens/ (namespace "api").
    path("", include("voc_portal.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
