"""Keyset (cursor) pagination: page N costs what page 1 costs.

The ordering must be total and its fields non-null (end with the primary key; annotate with
Coalesce when a column can be NULL). The cursor is the sort key of the last row shown, as
URL-safe base64 JSON signed with django.core.signing under a salt naming its scope (model and
ordering): a cursor this list did not issue — crafted, edited, from another list — is an
`InvalidCursor` (a 400 for callers), so only values the list itself produced reach the query.

Decoding (`decode_cursor`) and bounding (`keyset_arms`) are separate steps on purpose.
"""

from __future__ import annotations

import binascii
import json
import math
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.utils.dateparse import parse_datetime

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


MAX_CURSOR_LENGTH = 1000
_SALT = "voc_portal.core.pagination.cursor"
# "." is outside base64's alphabet and needs no escaping in a query string (":" does).
_SEP = "."


class InvalidCursor(ValueError):
    pass


def cursor_scope(queryset: QuerySet, ordering: list[str]) -> str:
    """What a cursor is valid for: a cursor of one list is refused by a list of another kind."""
    return f"{queryset.model._meta.label_lower}:{','.join(ordering)}"


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
        if len(value) != 1:
            raise InvalidCursor("unknown value in cursor")
        ((tag, raw),) = value.items()
        if not isinstance(raw, str):
            raise InvalidCursor("bad value in cursor")
        if tag == "dt":
            parsed = parse_datetime(raw)
            if parsed is None:
                raise InvalidCursor("bad datetime in cursor")
            return parsed
        if tag == "d":
            return date.fromisoformat(raw)
        if tag == "dec":
            number = Decimal(raw)
            if not number.is_finite():
                raise InvalidCursor("bad number in cursor")
            return number
        raise InvalidCursor("unknown value in cursor")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise InvalidCursor("unknown value in cursor")


def _signer(scope: str) -> signing.Signer:
    # Signer verifies under SECRET_KEY_FALLBACKS too: a key rotation keeps open pages working.
    return signing.Signer(salt=f"{_SALT}:{scope}", sep=_SEP)


def encode_cursor(values: list[Any], scope: str = "") -> str:
    """The signed cursor after `values` (the last row's sort key) for lists of `scope`."""
    return _signer(scope).sign_object([_encode_value(v) for v in values], serializer=_CompactJSON)


def decode_cursor(cursor: str, expected_length: int, scope: str = "") -> list[Any]:
    """The sort key in a cursor issued for `scope`; `InvalidCursor` for anything else."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("cursor does not decode")
    try:
        values = _signer(scope).unsign_object(cursor, serializer=_CompactJSON)
    except (signing.BadSignature, binascii.Error, zlib.error, UnicodeError, ValueError) as exc:
        raise InvalidCursor("cursor was not issued by this list") from exc
    if not isinstance(values, list) or len(values) != expected_length:
        raise InvalidCursor("cursor does not fit this ordering")
    try:
        return [_decode_value(v) for v in values]
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise InvalidCursor(str(exc)) from exc


class _CompactJSON:
    def dumps(self, obj: Any) -> bytes:
        return json.dumps(obj, separators=(",", ":")).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return json.loads(data.decode("latin-1"))


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


def _runs(ordering: list[str]) -> list[tuple[list[str], str]]:
    """The ordering as runs of one direction: `[(fields, op)]`, op "<" for descending."""
    runs: list[tuple[list[str], str]] = []
    for field in ordering:
        op = "<" if field.startswith("-") else ">"
        if runs and runs[-1][1] == op:
            runs[-1][0].append(field.lstrip("-"))
        else:
            runs.append(([field.lstrip("-")], op))
    return runs


def keyset_arms(ordering: list[str], values: list[Any]) -> list[Q]:
    """The rows after `values`, as disjoint ranges in page order (nearest first).

    One direction throughout is one range, `(a, b, id) < (x, y, z)`. Mixed directions give one
    range per run of one direction: equal on the runs before it, strictly past it on its own
    (`a = x AND (b, id) > (y, z)`, then `a > x`). Each range is one index seek; an OR of them
    would only be a filter over the index, read from its start. keyset_page reads their union.
    """
    arms, start = [], 0
    for fields, op in _runs(ordering):
        head = values[:start]
        bound = Q(RowCompare(fields, op, values[start : start + len(fields)]))
        if head:
            bound &= Q(RowCompare([f.lstrip("-") for f in ordering[:start]], "=", head))
        arms.append(bound)
        start += len(fields)
    return arms[::-1]


def keyset_chunks(queryset: QuerySet, *, ordering: list[str], chunk_size: int = 2000) -> Iterator:
    """Every row of `queryset` in `ordering`, `chunk_size` rows a statement, each chunk sought
    with a row-value bound after the last row of the one before: memory holds one chunk, as with
    a server-side cursor, but nothing lives in the database session between statements, so it
    works through PgBouncer's transaction pooling and on a replica alike (docs/scaling.md)."""
    qs = queryset.order_by(*ordering)
    after: list[Any] | None = None
    while True:
        rows = list(qs[:chunk_size] if after is None else _after(qs, ordering, after, chunk_size))
        yield from rows
        if len(rows) < chunk_size:
            return
        after = [_key_value(rows[-1], f.lstrip("-")) for f in ordering]


def page_or_first(fetch: Callable[[str | None], T], cursor: str | None) -> tuple[T, bool]:
    """`fetch(cursor)`, or `fetch(None)` (the first page) when the cursor was not issued here;
    the flag says which, so a web list can answer 400 with the first page and a message."""
    try:
        return fetch(cursor or None), False
    except InvalidCursor:
        return fetch(None), True


def clamp_page_size(raw: Any, default: int = DEFAULT_PAGE_SIZE) -> int:
    try:
        size = int(raw)
    except (TypeError, ValueError):
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def keyset_page(
    queryset: QuerySet, *, ordering: list[str], cursor: str | None, page_size: int
) -> Page:
    """One page of `queryset` in `ordering`, after `cursor`: page_size + 1 rows."""
    qs = queryset.order_by(*ordering)
    scope = cursor_scope(queryset, ordering)
    if cursor:
        values = decode_cursor(cursor, len(ordering), scope)
        rows = list(_after(qs, ordering, values, page_size + 1))
    else:
        rows = list(qs[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_key_value(last, f.lstrip("-")) for f in ordering], scope)
    return Page(items=rows, next_cursor=next_cursor, page_size=page_size)


def _after(qs: QuerySet, ordering: list[str], values: list[Any], limit: int) -> QuerySet:
    """The first `limit` rows of `qs` (ordered by `ordering`) after `values`, in one statement:
    each range of keyset_arms is its own index seek of `limit` rows at most, and only their
    union (a few pages' worth) is sorted."""
    arms = keyset_arms(ordering, values)
    if len(arms) == 1:
        return qs.filter(arms[0])[:limit]
    parts = [qs.filter(arm)[:limit] for arm in arms]
    return parts[0].union(*parts[1:], all=True).order_by(*ordering)[:limit]


def _key_value(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row[name]
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return value.pk if hasattr(value, "pk") else value
