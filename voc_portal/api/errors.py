"""One JSON error shape under /api/: {"code": "...", "message": "...", "fields": {...}}.

`code` is stable (clients match on it), `message` is for people (translated), `fields` maps a
request field to its messages (empty when the error is not about one field).
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from voc_portal.core.errors import DomainError
from voc_portal.core.pagination import InvalidCursor


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("This Idempotency-Key was already used for another request.")
    default_code = "idempotency_key_reused"


class InvalidCursorError(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The cursor is not valid for this list.")
    default_code = "invalid_cursor"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    """DRF's nested ValidationError detail as {field: [messages]} (nested fields dotted)."""
    if not isinstance(detail, dict):
        return {"non_field_errors": _flatten(detail)}
    out: dict[str, list[str]] = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            for sub, messages in _fields(value).items():
                out[f"{name}.{sub}"] = messages
        else:
            out[str(name)] = _flatten(value)
    return out


# Codes of input-format problems; a rule's own code (e.g. consent_required) is more useful.
_FORMAT_CODES = {
    "invalid",
    "required",
    "null",
    "blank",
    "invalid_choice",
    "max_length",
    "min_length",
    "max_value",
    "min_value",
    "max_string_length",
    "not_a_list",
    "empty",
    "date",
    "datetime",
    "parse_error",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "make_aware",
    "overflow",
    "null_characters_not_allowed",
    "surrogate_characters_not_allowed",
    "not_a_dict",
    "does_not_exist",
    "incorrect_type",
    "unique",
}


def _codes(detail) -> set[str]:
    if isinstance(detail, dict):
        return {c for value in detail.values() for c in _codes(value)}
    if isinstance(detail, list | tuple):
        return {c for value in detail for c in _codes(value)}
    return {str(getattr(detail, "code", None) or "invalid")}


def _validation_code(exc) -> str:
    """ "invalid", unless every error is one and the same rule (then that rule's code)."""
    codes = _codes(exc.detail)
    if len(codes) == 1 and not codes & _FORMAT_CODES:
        return codes.pop()
    return "invalid"


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every handled error in the one shape."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        set_rollback()
        body = error_body(exc.code, exc.message, fields)
        if exc.details:
            body["details"] = exc.details
        return Response(body, status=exc.status)
    if isinstance(exc, InvalidCursor):
        exc = InvalidCursorError()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 handling (and logging) takes over
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            _validation_code(exc), _("The request is not valid."), _fields(exc.detail)
        )
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        message = exc.detail if isinstance(exc.detail, str) else " ".join(_flatten(exc.detail))
        body = error_body(str(code), str(message))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # a POST to an unknown /api/ path is a JSON 404, not the CSRF failure page
def api_not_found(request, *args, **kwargs):
    """Any unknown path under /api/ answers in the JSON shape, not an HTML page."""
    message = _("Not found.")
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            message = _("Not found. Did you mean %(path)s?") % {"path": request.path + "/"}
    return JsonResponse(error_body("not_found", message), status=404)
