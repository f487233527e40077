"""The initial import: purchases as NDJSON, one JSON object a line, in one streamed call.

The body is already in a spooled file (authentication.py); lines are parsed as they are read
and written in batches of BATCH rows (set-based upserts, purchases.py), each batch its own
transaction, so memory stays flat whatever the size. A refused line is reported with its line
number and the import goes on; the import is idempotent, so the store fixes and resends.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from .. import serializers, services
from ..lines import LineError, purchase_row_from_line
from ..throttling import StoreImportRateThrottle, StoreKeyRateThrottle
from .base import StoreView

BATCH = 1000
MAX_REPORTED = 100
MAX_LINE = 16 * 1024


class NdjsonParser(BaseParser):
    """Declares the media type; the view reads the stream itself (never the whole body)."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        return None


class _Tally:
    def __init__(self):
        self.lines = self.created = self.updated = self.unchanged = self.refused = 0
        self.errors: list[dict] = []

    def refuse(self, line: int, store_id: str, code: str, message: str) -> None:
        self.refused += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append({"line": line, "id": store_id, "code": code, "message": message})

    def add(self, result) -> None:
        self.created += result.created
        self.updated += result.updated
        self.unchanged += result.unchanged
        for line, store_id, code, message in result.errors:
            self.refuse(line, store_id, code, message)


def _lines(stream):
    """Lines of at most MAX_LINE bytes; a longer one is skipped and yielded as None."""
    while raw := stream.readline(MAX_LINE + 1):
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE + 1)
            yield None
        else:
            yield raw


def _parse_line(raw: bytes | None, number: int, tally: _Tally):
    if raw is None:
        tally.refuse(number, "", "line_too_long", _("A line is longer than 16 KB."))
        return None
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        tally.refuse(number, "", "parse_error", _("The line is not JSON."))
        return None
    if not isinstance(obj, dict):
        tally.refuse(number, "", "parse_error", _("Each line must be one JSON object."))
        return None
    try:
        return purchase_row_from_line(obj, number)
    except LineError as exc:
        tally.refuse(number, str(obj.get("id", ""))[:64], "invalid", str(exc))
        return None


def import_purchases(stream) -> _Tally:
    tally, batch = _Tally(), []
    for number, raw in enumerate(_lines(stream), start=1):
        if raw is not None and not raw.strip():
            continue
        tally.lines += 1
        row = _parse_line(raw, number, tally)
        if row is not None:
            batch.append(row)
        if len(batch) >= BATCH:
            tally.add(services.purchases_upsert(batch))
            batch = []
    if batch:
        tally.add(services.purchases_upsert(batch))
    return tally


class PurchaseImportView(StoreView):
    parser_classes = [NdjsonParser]
    throttle_classes = [StoreKeyRateThrottle, StoreImportRateThrottle]

    @extend_schema(
        operation_id="purchase_import",
        request={"application/x-ndjson": {"type": "string", "format": "binary"}},
        responses=serializers.ImportOut,
        description=(
            "One purchase (the PUT /purchases/{id}/ body plus its `id`) per line, "
            "Content-Type application/x-ndjson. Read as a stream and written in batches of "
            "1,000; refused lines are counted and the first 100 reported."
        ),
    )
    def post(self, request):
        if request.content_type.split(";")[0].strip() != NdjsonParser.media_type:
            raise exceptions.UnsupportedMediaType(request.content_type)
        stream = getattr(request._request, "store_body", None)
        if stream is None:
            raise exceptions.ParseError(_("Send the purchases in the request body."))
        tally = import_purchases(stream)
        return Response(serializers.ImportOut(tally).data)
