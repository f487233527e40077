"""Request limits for the JSON API: body size (413) and nesting depth (400), in the error shape.

`ApiRequestLimitMiddleware` answers before anything reads the body (the idempotency fingerprint,
DRF's parser): a 13 MB body gets the JSON 413, not Django's HTML 400 for RequestDataTooBig, and
100,000 nested brackets a JSON 400, not a RecursionError in the JSON decoder (a 500).
`LimitedJSONParser` applies the same rules wherever a body reaches DRF without the middleware.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


def error_body(code: str, message: str) -> dict:
    # errors.error_body's shape; not imported: errors imports DRF's views, which load this
    # module (DEFAULT_PARSER_CLASSES) — a cycle.
    return {"code": code, "message": str(message), "fields": {}}


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


class JsonTooDeep(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The JSON body is nested too deeply.")
    default_code = "too_deep"


def json_too_deep(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (a scan, no recursion)."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(0, depth - 1)
    return False


def _is_json(content_type: str) -> bool:
    return "json" in (content_type or "").split(";")[0].lower()


class ApiRequestLimitMiddleware:
    """Under /api/: a body over VOC_API_MAX_BODY_BYTES is a 413, JSON deeper than
    VOC_API_MAX_JSON_DEPTH a 400, both {"code", "message", "fields"}."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            refused = self.refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> JsonResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.VOC_API_MAX_BODY_BYTES:
            return JsonResponse(
                error_body("request_too_large", _("The request body is too large.")),
                status=413,
            )
        if length and _is_json(request.content_type):
            text = request.body.decode("utf-8", errors="replace")
            if json_too_deep(text, settings.VOC_API_MAX_JSON_DEPTH):
                return JsonResponse(
                    error_body("too_deep", _("The JSON body is nested too deeply.")), status=400
                )
        return None


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with the same size and depth limits (and no RecursionError)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.VOC_API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge()
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
            if json_too_deep(text, settings.VOC_API_MAX_JSON_DEPTH):
                raise JsonTooDeep()
            parse_constant = json.strict_constant if self.strict else None  # as DRF's
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise JsonTooDeep() from exc
        except ValueError as exc:  # DRF's own message
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
