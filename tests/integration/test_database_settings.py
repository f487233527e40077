"""settings/databases.py (PgBouncer's transaction pooling, the replica alias) and the keyset
chunks the exports read in place of server-side cursors (docs/scaling.md). CI runs this file
through PgBouncer too (make test-pgbouncer-ci)."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from inquiries.models import Inquiry
from tests.factories import AppFactory
from tests.factories.inquiries import InquiryFactory
from voc_portal.core.pagination import keyset_chunks
from voc_portal.settings.databases import database_config, databases


def test_transaction_pooling_turns_off_server_side_cursors_when_set():
    pooled = database_config("postgres://voc@pgbouncer:6432/voc", pooler="transaction")
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True
    # Django's psycopg default (no prepared statements) is what PgBouncer 1.18 needs: kept.
    assert "prepare_threshold" not in pooled["OPTIONS"]
    direct = database_config("postgres://voc@db:5432/voc", pooler="")
    assert "DISABLE_SERVER_SIDE_CURSORS" not in direct
    assert direct["CONN_MAX_AGE"] == pooled["CONN_MAX_AGE"]


def test_transaction_pooling_refuses_prepared_statements_when_asked_for():
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        database_config(
            "postgres://voc@pgbouncer:6432/voc?prepare_threshold=5", pooler="transaction"
        )


def test_an_unknown_pooler_stops_the_settings_when_set():
    env = {**os.environ, "DATABASE_POOLER": "session"}
    result = subprocess.run(
        [sys.executable, "-c", "import voc_portal.settings.base"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert 'DATABASE_POOLER is "" (direct) or "transaction" (PgBouncer).' in result.stderr


def test_a_replica_url_adds_a_replica_alias_mirrored_in_tests_when_set(monkeypatch):
    assert set(databases("postgres://voc@db/voc")) == {"default"}
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://voc@replica:5432/voc")
    aliases = databases("postgres://voc@db/voc")
    assert aliases["replica"]["HOST"] == "replica"
    assert aliases["replica"]["TEST"] == {"MIRROR": "default"}


def test_this_connection_matches_database_pooler_when_run():
    pooled = os.environ.get("DATABASE_POOLER") == "transaction"
    assert connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS", False) is pooled


@pytest.mark.django_db
def test_keyset_chunks_yield_every_row_once_in_order_when_times_tie(django_assert_num_queries):
    app = AppFactory()
    at = timezone.now()
    for n in range(7):  # three share one created_at: the id breaks the tie across chunks
        InquiryFactory(app=app, created_at=at - timedelta(minutes=n if n > 2 else 0))
    qs = Inquiry.objects.filter(app=app)
    expected = list(qs.order_by("-created_at", "-id").values_list("id", flat=True))
    with django_assert_num_queries(4):  # 2 + 2 + 2 + 1 rows
        got = [i.pk for i in keyset_chunks(qs, ordering=["-created_at", "-id"], chunk_size=2)]
    assert got == expected and len(got) == 7
    with django_assert_num_queries(1):  # fewer rows than a chunk: one statement
        assert len(list(keyset_chunks(qs, ordering=["-created_at", "-id"]))) == 7
