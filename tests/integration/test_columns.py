"""core.columns.insert_rows: many rows in one statement that does not grow with them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voc_portal.core.columns import insert_rows
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _row(n: int, **extra) -> dict:
    return {
        "dedupe_key": f"columns:{n}",
        "message_id": f"<{n}@voc.example>",
        "kind": "test",
        "to_email": f"person{n}@example.com",
        "subject": f"Subject {n}",
        "body_text": "Same text",
        **extra,
    }


def test_rows_get_the_fields_defaults_when_left_out_and_one_statement_for_many():
    with CaptureQueriesContext(connection) as queries:
        ids = insert_rows(OutboundEmail, [_row(n) for n in range(300)], returning=["id"])

    assert len(ids) == 300 and len(queries) == 1
    sql = queries[0]["sql"]
    assert "unnest(" in sql and "VALUES" not in sql  # one array per varying column
    email = OutboundEmail.objects.get(dedupe_key="columns:7")
    assert (email.subject, email.status, email.attempts, email.headers) == (
        "Subject 7",
        OutboundEmail.Status.QUEUED,
        0,
        {},
    )
    assert email.render_context is None and email.last_error == ""


def test_json_column_keeps_sql_null_apart_from_values_when_rows_differ():
    rows = [
        _row(1, render_context=None),
        _row(2, render_context={"at": AT, "n": [1, 2]}),
        _row(3, headers={"In-Reply-To": "<a@x>"}),
    ]

    insert_rows(OutboundEmail, rows)

    stored = {e.dedupe_key: e for e in OutboundEmail.objects.all()}
    assert stored["columns:1"].render_context is None
    assert stored["columns:2"].render_context == {"at": {"$datetime": AT.isoformat()}, "n": [1, 2]}
    assert stored["columns:3"].headers == {"In-Reply-To": "<a@x>"}
    assert OutboundEmail.objects.filter(render_context__isnull=True).count() == 2


def test_conflicting_rows_are_skipped_and_only_new_ones_returned_when_asked():
    (first,) = insert_rows(OutboundEmail, [_row(1)], returning=["id"])
    again = insert_rows(
        OutboundEmail,
        [_row(1, to_email="other@example.com"), _row(2)],
        on_conflict="(dedupe_key) DO NOTHING",
        returning=["id", "dedupe_key"],
    )

    assert [key for _, key in again] == ["columns:2"]
    assert OutboundEmail.objects.get(pk=first[0]).to_email == "person1@example.com"
    assert insert_rows(OutboundEmail, []) == []
