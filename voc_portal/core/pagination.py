"""Keyset (cursor) pagination: page N costs what page 1 costs.

The ordering must be total and its fields non-null (end with the primary key; annotate with
Coalesce when a column can be NULL). The cursor is the sort key of the last row shown, encoded
as URL-safe base64 JSON; a cursor that does not decode is an `InvalidCursor` (a 400 for callers).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.utils.dateparse import parse_datetime

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class InvalidCursor(ValueError):
    pass


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    page_size: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"dec": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            parsed = parse_datetime(str(value["dt"]))
            if parsed is None:
                raise InvalidCursor("bad datetime in cursor")
            return parsed
        if "d" in value:
            return date.fromisoformat(str(value["d"]))
        if "dec" in value:
            return Decimal(str(value["dec"]))
        raise InvalidCursor("unknown value in cursor")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise InvalidCursor("unknown value in cursor")


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, expected_length: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise InvalidCursor("cursor does not decode") from exc
    if not isinstance(values, list) or len(values) != expected_length:
        raise InvalidCursor("cursor does not fit this ordering")
    try:
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError) as exc:
        raise InvalidCursor(str(exc)) from exc


class RowCompare(Func):
    """`(a, b, …) op (x, y, …)`: one row-value comparison, which PostgreSQL turns into a single
    index range bound (seek), where the OR-expanded form is only a filter over the index."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, fields: list[str], op: str, values: list[Any]):
        if op not in ("<", ">", "<=", ">=", "="):
            raise ValueError(op)
        self.width, self.op = len(fields), op
        super().__init__(*[F(f) for f in fields], *[Value(v) for v in values])

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        lhs, rhs = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"({lhs}) {self.op} ({rhs})", params


def keyset_after(ordering: list[str], values: list[Any]) -> Q:
    """Rows strictly after `values` in `ordering`, as row-value bounds.

    One direction throughout: `(a, b, id) < (x, y, z)`. Mixed directions are split into runs of
    one direction: the first run bounds inclusively (`(a) >= (x)`, an index seek), then either
    strictly past it or equal to it and after the rest.
    """
    names = [f.lstrip("-") for f in ordering]
    descending = [f.startswith("-") for f in ordering]
    run = 1
    while run < len(ordering) and descending[run] == descending[0]:
        run += 1
    op = "<" if descending[0] else ">"
    head, head_values = names[:run], values[:run]
    if run == len(ordering):
        return Q(RowCompare(head, op, head_values))
    rest = keyset_after(ordering[run:], values[run:])
    return Q(RowCompare(head, op + "=", head_values)) & (
        Q(RowCompare(head, op, head_values)) | (Q(RowCompare(head, "=", head_values)) & rest)
    )


def keyset_filter(queryset: QuerySet, ordering: list[str], values: list[Any]) -> QuerySet:
    """`queryset` narrowed to the rows after `values` (the sort key of the last row shown)."""
    return queryset.filter(keyset_after(ordering, values))


def clamp_page_size(raw: Any, default: int = DEFAULT_PAGE_SIZE) -> int:
    try:
        size = int(raw)
    except (TypeError, ValueError):
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def keyset_page(
    queryset: QuerySet, *, ordering: list[str], cursor: str | None, page_size: int
) -> Page:
    """One page of `queryset` in `ordering`, after `cursor`. Fetches page_size + 1 rows, once."""
    qs = queryset.order_by(*ordering)
    if cursor:
        qs = keyset_filter(qs, ordering, decode_cursor(cursor, len(ordering)))
    rows = list(qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_key_value(last, f.lstrip("-")) for f in ordering])
    return Page(items=rows, next_cursor=next_cursor, page_size=page_size)


def _key_value(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row[name]
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
        if hasattr(value, "pk") and part != name.split("__")[-1]:
            continue
    return value.pk if hasattr(value, "pk") else value
