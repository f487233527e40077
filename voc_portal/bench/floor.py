"""The floor under every page: what a request costs on this machine before a page does anything.

`make bench` measures five requests that do no page work, under the same gunicorn and wrk as the
pages, so the table can tell the page's own cost from the cost of serving any request here:

- `raw`: a WSGI callable with no Django at all (gunicorn, sockets, wrk);
- `anonymous`: Django with the production settings and the whole middleware chain, no session;
- `signed-in`: a developer's request (session, user, account, 2FA, axes) answered with two bytes;
- `chrome`: the same, rendering the shared layout (navigation, account, language) with an empty
  page;
- `api`: a device's API request (bearer token, throttle) answered with an empty JSON object.

The views live only in this module's URLconf, which the bench's WSGI entry (bench/floor_wsgi.py)
puts in front of the project's: production serves none of them.
"""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views import View
from rest_framework.response import Response

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.api.views.base import MemberAPIView


def anonymous(request):
    return HttpResponse(b"ok", content_type="text/plain")


class SignedIn(DeveloperRequiredMixin, View):
    def get(self, request):
        return HttpResponse(b"ok", content_type="text/plain")


@functools.cache
def _empty_page():
    # Compiled once, as the cached loader keeps a page's template.
    return engines["django"].from_string('{% extends "base.html" %}')


class Chrome(DeveloperRequiredMixin, View):
    def get(self, request):
        return HttpResponse(_empty_page().render({}, request))


class Api(MemberAPIView):
    def get(self, request):
        self.membership  # noqa: B018 (what every API view resolves first)
        return Response({})


urlpatterns = [
    path("bench/floor/api/", Api.as_view()),
    path("bench/floor/anonymous/", anonymous),
    path("bench/floor/signed-in/", SignedIn.as_view()),
    path("bench/floor/chrome/", Chrome.as_view()),
    path("", include("voc_portal.urls")),
]
