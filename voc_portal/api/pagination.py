"""Cursor pagination for list endpoints, on top of voc_portal.core.pagination.keyset_page.

Query: `cursor` (opaque, from the previous page's `next_cursor`) and `page_size` (1 to 100).
Body: {"results": [...], "next_cursor": "..." | null, "next": absolute URL | null}.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from voc_portal.core.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    InvalidCursor,
    Page,
    clamp_page_size,
    keyset_page,
)

CURSOR_PARAMETERS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="`next_cursor` of the previous page."),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    ),
]


def page_params(request) -> tuple[str | None, int]:
    """The request's cursor and page size. A cursor that does not decode is a 400 later."""
    cursor = request.query_params.get("cursor") or None
    if cursor is not None and len(cursor) > 1000:
        raise InvalidCursor("cursor too long")
    return cursor, clamp_page_size(request.query_params.get("page_size"))


def paginate(queryset: QuerySet, *, request, ordering: list[str]) -> Page:
    cursor, page_size = page_params(request)
    return keyset_page(queryset, ordering=ordering, cursor=cursor, page_size=page_size)


def paginated_response(request, page: Page, data: list[Any]) -> Response:
    next_url = None
    if page.next_cursor:
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", page.next_cursor)
    return Response({"results": data, "next_cursor": page.next_cursor, "next": next_url})


def paginated_serializer(name: str, item: serializers.Serializer) -> serializers.Serializer:
    """The schema of one page of `item`s (for extend_schema)."""
    return inline_serializer(
        name=name,
        fields={
            "results": item.__class__(many=True),
            "next_cursor": serializers.CharField(allow_null=True),
            "next": serializers.URLField(allow_null=True),
        },
    )
