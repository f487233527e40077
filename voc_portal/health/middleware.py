"""Middleware of the health app; docs in each class. Order in settings.MIDDLEWARE matters."""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views import defaults

from voc_portal.core.client_ip import address_in

from . import logging as voc_logging
from . import metrics, probes, store

logger = logging.getLogger("voc.request")
Handler = Callable[[HttpRequest], HttpResponse]

# A request id we pass on: short, printable, no spaces (it lands in every log line).
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The webhooks whose refusals are worth an alert (voc_portal.mail.urls).
_WEBHOOKS = {"mail:inbound": "inbound", "mail:tracking": "tracking"}
_DJANGO_HANDLES = (PermissionDenied, SuspiciousOperation, BadRequest)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _json(status: int, body: dict) -> HttpResponse:
    return _no_store(HttpResponse(json.dumps(body), status=status, content_type="application/json"))


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer token, or a direct peer from VOC_METRICS_ALLOWED_IPS. A request that came
    through the TLS proxy (FORWARDED_ALLOW_IPS) is from the public: token only."""
    token = settings.VOC_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    remote = request.META.get("REMOTE_ADDR", "")
    if address_in(remote, settings.FORWARDED_ALLOW_IPS):
        return False
    return address_in(remote, settings.VOC_METRICS_ALLOWED_IPS)


class ProbeMiddleware:
    """/healthz, /readyz and /metrics, answered first: no session, no cookie, no throttle, no
    host check (probes send the pod's address as Host) and no HTTPS redirect (probes speak plain
    http inside the network). Put it first in MIDDLEWARE."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.routes: dict[str, Handler] = {
            "/healthz": self.healthz,
            "/readyz": self.readyz,
            "/metrics": self.metrics,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = self.routes.get(request.path_info.rstrip("/") or "/")
        if route is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _json(405, {"code": "method_not_allowed"})
            response["Allow"] = "GET, HEAD"
            return response
        return route(request)

    def healthz(self, request: HttpRequest) -> HttpResponse:
        return _json(200, {"status": "ok"})

    def readyz(self, request: HttpRequest) -> HttpResponse:
        ready, checks = probes.readiness()
        return _json(200 if ready else 503, {"status": "ready" if ready else "unavailable",
                                             "checks": checks})  # fmt: skip

    def metrics(self, request: HttpRequest) -> HttpResponse:
        if not metrics_allowed(request):
            return _json(403, {"code": "forbidden", "message": "A metrics token is required."})
        return _no_store(
            HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")
        )


class RequestContextMiddleware:
    """Gives each request an id (X-Request-ID in and out) that every log line carries, with the
    account id once the view has resolved it, and logs one line per request (logger
    voc.request: method, route pattern, status, duration; no path, no address)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = voc_logging.current_request.set(request)
        id_token = voc_logging.request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "%s %s -> %s",
                    request.method,
                    voc_logging.route_of(request),
                    response.status_code,
                    extra={"duration_ms": round((time.monotonic() - started) * 1000, 1)},
                )
            return response
        finally:
            voc_logging.request_id.reset(id_token)
            voc_logging.current_request.reset(token)


class WebhookOutcomeMiddleware:
    """Counts the provider webhook posts we answered with an error (voc_mail_webhook_failures):
    a forged or misconfigured webhook, or our own 5xx, shows on /metrics."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        webhook = _WEBHOOKS.get(match.view_name) if match else None
        if webhook and response.status_code >= 400:
            store.increment(store.WEBHOOK_FAILURES, f"{webhook}|{response.status_code}")
        return response


class ProjectErrorPagesMiddleware:
    """`make run` only (settings.local): with DEBUG on, Django answers an unknown page or a crash
    with its technical page; show the project's own 404/500 pages instead, as production does,
    and log the traceback to the console."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as exc:
            # Inside CommonMiddleware: a missing slash is still redirected on this 404.
            return defaults.page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, _DJANGO_HANDLES) or not settings.DEBUG:
            return None  # 400 / 403 pages Django renders itself, DEBUG or not
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", voc_logging.route_of(request), exc_info=exception
        )
        return defaults.server_error(request)
