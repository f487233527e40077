"""Schema pieces shared by every endpoint: the error body and the responses every call can get."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(help_text="Stable machine-readable code, e.g. not_found."),
        "message": serializers.CharField(help_text="Human-readable, in the request's language."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Per request field, its messages (empty when not about a field).",
        ),
        "details": serializers.DictField(
            required=False,
            help_text="Facts to act on, when the error has any: e.g. on a stale reply (412) "
            "replied_by, replied_at and the current version.",
        ),
    },
)

_DESCRIPTIONS = {
    400: "Invalid input (code invalid, parse_error, invalid_cursor, …).",
    401: "Missing, unknown, revoked or expired token (code not_authenticated or "
    "authentication_failed).",
    403: "Not allowed (code permission_denied).",
    404: "Not found, or not in your developer account (code not_found).",
    406: "Only application/json is offered (code not_acceptable).",
    409: "The object's state does not allow this (code conflict, invalid_transition, …).",
    412: "If-Match names a stale version (code precondition_failed).",
    428: "If-Match is missing or empty on an edit (code precondition_required).",
    415: "Send application/json (code unsupported_media_type).",
    422: "This Idempotency-Key was used for another request (code idempotency_key_reused).",
    429: "Too many requests for this token; see Retry-After (code throttled).",
}
# Answered by the HTTP server (gunicorn) before the request reaches the API: an HTML page.
_URI_TOO_LONG = {
    "description": "The request line (method, path and query) is longer than 4,094 bytes. "
    "Answered by the HTTP server, as a short HTML page, not in the JSON error shape.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """`responses={200: X, **errors(404, 409)}` in extend_schema."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes
    }


_ERROR_REF = {"$ref": "#/components/schemas/Error"}


# OpenAPI links: where a response's ids lead (clients and schemathesis' stateful mode follow them).
_FIRST_RESULT = "$response.body#/results/0/id"
_SAME_ID = "$request.path.id"
LINKS: dict[tuple[str, str], dict[str, str]] = {
    # (operationId, status) -> {target operationId: id expression}
    ("inquiries_list", "200"): dict.fromkeys(
        [
            "inquiries_retrieve",
            "inquiries_reply",
            "inquiries_note",
            "inquiries_close",
            "inquiries_reopen",
        ],
        _FIRST_RESULT,
    ),
    ("inquiries_reply", "201"): {"inquiries_retrieve": _SAME_ID},
    ("inquiries_close", "200"): {"inquiries_reopen": _SAME_ID, "inquiries_reply": _SAME_ID},
    ("reviews_list", "200"): dict.fromkeys(
        ["reviews_retrieve", "reviews_reply_retrieve", "reviews_reply_put"], _FIRST_RESULT
    ),
    ("reviews_reply_put", "201"): dict.fromkeys(
        ["reviews_reply_retrieve", "reviews_reply_destroy", "reviews_reply_put"], _SAME_ID
    ),
    ("reviews_reply_put", "200"): dict.fromkeys(
        ["reviews_reply_retrieve", "reviews_reply_destroy"], _SAME_ID
    ),
    ("refunds_list", "200"): dict.fromkeys(["refunds_retrieve", "refunds_answer"], _FIRST_RESULT),
    ("refunds_create", "201"): dict.fromkeys(
        ["refunds_retrieve", "refunds_answer"], "$response.body#/id"
    ),
}


def _add_links(result) -> None:
    operations = _operations(result)
    for (source, code), targets in LINKS.items():
        response = operations.get(source, {}).get("responses", {}).get(code)
        if response is None:
            continue
        for target, expression in targets.items():
            if target in operations:
                response.setdefault("links", {})[target] = {
                    "operationId": target,
                    "parameters": {"id": expression},
                }


# Header and query rules that OpenApiParameter cannot say (the code enforces each one).
_PARAMETER_SCHEMAS = {
    # voc_portal.api.idempotency.KEY_PATTERN
    ("header", "Idempotency-Key"): {"type": "string", "pattern": r"^[!-~]{1,255}$"},
    # An empty If-Match names no version: 428, like a missing one (voc_portal.api.etags).
    ("header", "If-Match"): {"type": "string", "minLength": 1},
    # Opaque; only a next_cursor this list issued decodes, anything else is 400 invalid_cursor.
    ("query", "cursor"): {"type": "string", "minLength": 1, "maxLength": 1000},
}
_CURSOR_DESCRIPTION = (
    "`next_cursor` of the previous page of this same list, unchanged. It is opaque: any other "
    "value (made up, edited, or from another list) answers 400 invalid_cursor."
)
# A GET's ETag goes back as If-Match (stateful clients and schemathesis follow these).
_ETAG_LINKS = {
    "reviews_reply_retrieve": ["reviews_reply_put", "reviews_reply_destroy"],
    "refunds_retrieve": ["refunds_answer"],
}


def _tighten_parameters(operations: dict) -> None:
    for operation in operations.values():
        for parameter in operation.get("parameters", []):
            rule = _PARAMETER_SCHEMAS.get((parameter.get("in"), parameter.get("name")))
            if rule:
                parameter["schema"] = dict(rule)
            if (parameter.get("in"), parameter.get("name")) == ("query", "cursor"):
                parameter["description"] = _CURSOR_DESCRIPTION
    for source, targets in _ETAG_LINKS.items():
        response = operations.get(source, {}).get("responses", {}).get("200")
        for target in targets:
            if response is not None and target in operations:
                response.setdefault("links", {})[f"{target}_if_match"] = {
                    "operationId": target,
                    "parameters": {"id": _SAME_ID, "header.If-Match": "$response.header.ETag"},
                }


def _operations(result) -> dict:
    return {
        op.get("operationId"): op
        for methods in result.get("paths", {}).values()
        for op in methods.values()
        if isinstance(op, dict)
    }


def add_common_error_responses(result, generator, request, public):
    """Every operation can answer 401/403/406/429 (and 400/415 with a body, 404 with a path id)."""
    _add_links(result)
    _tighten_parameters(_operations(result))
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = [401, 403, 406, 429, 400]
            if "{" in path:
                codes.append(404)
            if method in {"post", "put", "patch"}:
                codes.append(415)
            if method in {"post", "put", "patch", "delete"}:
                codes.append(422)
            operation["responses"].setdefault("414", _URI_TOO_LONG)
            for code in codes:
                operation["responses"].setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": _ERROR_REF}},
                        "description": _DESCRIPTIONS[code],
                    },
                )
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error",
        {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "details": {"type": "object"},
            },
            "required": ["code", "message", "fields"],
        },
    )
    return result
