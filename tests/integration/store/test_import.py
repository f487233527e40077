"""The initial import: NDJSON streamed through the whole WSGI stack, in bounded memory.

CI imports STORE_IMPORT_ROWS (3,000) rows; `make store-import-bench` runs the same test with
100,000 and prints the figures (docs/store-integration.md). The body is a file on disk fed to
the WSGI handler as wsgi.input, so what is measured is the server's memory alone.
"""

import hashlib
import io
import json
import os
import resource
import sys
import time
import tracemalloc

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from voc_portal.catalog.models import Purchase
from voc_portal.store import services
from voc_portal.store.models import StorePurchase
from voc_portal.store.signing import sign, string_to_sign

from .conftest import BASE, KEY_ID, SECRET, StoreClient, _timestamp, purchase_body

pytestmark = pytest.mark.django_db(transaction=False)

ROWS = int(os.environ.get("STORE_IMPORT_ROWS", "3000"))
# tracemalloc slows Python down several times: the bench measures speed with RSS alone.
TRACE = os.environ.get("STORE_IMPORT_TRACE", "1") == "1"
PATH = f"{BASE}/import/purchases/"
# Python heap of the server while importing: flat in the row count (batches of 1,000).
PEAK_LIMIT = 40 * 1024 * 1024


def _write_body(path, rows: int, customers: int) -> None:
    with open(path, "w") as out:
        for n in range(rows):
            line = {"id": f"p{n}", **purchase_body(f"i{n}", customer_id=f"c{n % customers}")}
            out.write(json.dumps(line) + "\n")


def _wsgi_post(path_on_disk):
    digest = hashlib.sha256()
    with open(path_on_disk, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    size = os.path.getsize(path_on_disk)
    body_sha256 = digest.hexdigest()
    timestamp = str(_timestamp(KEY_ID, "POST", PATH, body_sha256, ""))
    message = string_to_sign(method="POST", path=PATH, timestamp=timestamp, body_sha256=body_sha256)
    signature = sign(SECRET, message)
    status = {}
    with open(path_on_disk, "rb") as body:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": PATH,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": "application/x-ndjson",
            "CONTENT_LENGTH": str(size),
            "HTTP_HOST": "testserver",
            "HTTP_X_STORE_KEY": KEY_ID,
            "HTTP_X_STORE_TIMESTAMP": timestamp,
            "HTTP_X_STORE_SIGNATURE": signature,
        }
        # As Django's test client does: the end of the request must not close the test's
        # database connection (request_started/finished -> close_old_connections).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = WSGIHandler()(environ, lambda s, h: status.setdefault("status", s))
            content = b"".join(response)
            response.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
    return int(status["status"].split()[0]), json.loads(content), size


@pytest.fixture
def import_catalog(catalog):
    customers = max(1, min(100, ROWS // 100))
    for n in range(customers):
        services.customer_upsert(
            store_id=f"c{n}", customer_number=f"N{n}", email=f"c{n}@example.com", language="ko"
        )
    return customers


def test_a_large_import_streams_in_bounded_memory_and_is_idempotent(tmp_path, import_catalog):
    body = tmp_path / "purchases.ndjson"
    _write_body(body, ROWS, import_catalog)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if TRACE:
        tracemalloc.start()
    started = time.perf_counter()
    status, result, size = _wsgi_post(body)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if TRACE else 0
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before  # KiB
    print(
        f"\nstore import: {ROWS} rows, {size / 1e6:.1f} MB in {seconds:.1f} s = "
        f"{ROWS / seconds:.0f} rows/s; peak RSS growth {rss_growth / 1024:.1f} MB"
        + (f"; peak Python heap (tracemalloc) {peak / 1e6:.1f} MB" if TRACE else "")
    )
    assert status == 200, result
    assert (result["created"], result["refused"]) == (ROWS, 0)
    assert peak < PEAK_LIMIT
    assert rss_growth * 1024 < PEAK_LIMIT
    assert StorePurchase.objects.count() == ROWS + 1  # and the catalog's pur-1

    status, again, _size = _wsgi_post(body)
    assert (status, again["created"], again["unchanged"]) == (200, 0, ROWS)
    assert Purchase.objects.count() == ROWS + 1


def test_a_reimport_with_changes_updates_in_batches(store, catalog):
    lines = [{"id": f"u{n}", **purchase_body(f"u{n}")} for n in range(1500)]
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    first = store.request("POST", "/import/purchases/", body, "application/x-ndjson").json()
    assert first["created"] == 1500
    for line in lines[:1200]:
        line.update(amount=1100, state="CANCELED", state_at="2026-11-04T00:00:00Z")
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    second = store.request("POST", "/import/purchases/", body, "application/x-ndjson").json()
    assert (second["updated"], second["unchanged"]) == (1200, 300)
    cancelled = Purchase.objects.filter(state="cancelled", amount=1100)
    assert cancelled.count() == 1200
    assert StorePurchase.objects.filter(state_at__day=4).count() == 1200


def test_refused_lines_are_reported_by_number_and_the_rest_is_written(store, catalog):
    lines = [
        json.dumps({"id": "a", **purchase_body("a")}),
        "{not json",
        json.dumps({"id": "b", **purchase_body("b", customer_id="nobody")}),
        json.dumps({"id": "c", **purchase_body("c", amount="lots")}),
        json.dumps([1, 2]),
        json.dumps({"id": "d", **purchase_body("a")}),  # a's identifiers
        "",
        json.dumps({"id": "e", **purchase_body("e")}),
    ]
    body = ("\n".join(lines) + "\n").encode()
    response = store.request("POST", "/import/purchases/", body, "application/x-ndjson")
    assert response.status_code == 200, response.json()
    result = response.json()
    assert (result["lines"], result["created"], result["refused"]) == (7, 2, 5)
    assert [(e["line"], e["code"]) for e in result["errors"]] == [
        (2, "parse_error"),
        (4, "invalid"),
        (5, "parse_error"),
        (3, "unknown_reference"),
        (6, "identifier_taken"),
    ]


def test_the_import_wants_ndjson(store, catalog):
    response = store.request("POST", "/import/purchases/", b"[]", "application/json")
    assert response.status_code == 415


def test_a_body_over_the_limit_is_413(store, catalog, settings):
    settings.VOC_STORE_MAX_BODY_BYTES = 100
    body = io.BytesIO(b"x" * 200).getvalue()
    response = StoreClient().request("POST", "/import/purchases/", body, "application/x-ndjson")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"amount": -1},
        {"amount": True},
        {"amount": "3300"},
        {"tid": ""},
        {"tid": "x" * 41},
        {"purchased_at": "yesterday"},
        {"purchased_at": "2026-11-01T09:00:00"},
        {"state": "REFUNDED"},
        {"state": "CANCELED", "state_at": "2026-11-02T00:00:00+09:00"},
        {"id": "bad id"},
        {"customer_id": None},
    ],
)
def test_the_fast_line_parser_agrees_with_the_put_serializer(change):
    from voc_portal.store.lines import LineError, purchase_row_from_line
    from voc_portal.store.serializers import PurchaseLine

    obj = {"id": "p1", **purchase_body(1), **change}
    try:
        purchase_row_from_line(obj, 1)
        parsed = True
    except LineError:
        parsed = False
    assert parsed == PurchaseLine(data=obj).is_valid()
