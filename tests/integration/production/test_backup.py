"""The documented back-up and restore (scripts/backup.sh, scripts/restore.sh) on a real server:
what was committed comes back, row for row, into an empty database."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories.inquiries import InquiryFactory
from voc_portal.mail.models import OutboundEmail

from .servers import ROOT, _pg_bin, suite_database_url

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]
TABLES = ("inquiries_inquiry", "inquiries_message", "mail_outboundemail", "django_migrations")


def _counts(cursor) -> dict[str, int]:
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        result[table] = cursor.fetchone()[0]
    return result


def _pg_bin_for_server() -> Path:
    """pg_dump/pg_restore of the server's own major version: a newer pg_dump writes settings
    (e.g. transaction_timeout) that an older server refuses on restore."""
    debian = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")
    return debian if (debian / "pg_restore").exists() else _pg_bin()


def _script(name: str, *args: str, **env: str) -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PG_BIN": str(_pg_bin_for_server()), **env},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_restore_brings_back_every_row_when_a_backup_is_restored_into_an_empty_database(tmp_path):
    for _ in range(3):
        InquiryFactory()
    OutboundEmail.objects.update(status="sent")
    with connection.cursor() as cursor:
        before = _counts(cursor)
    target = f"{connection.settings_dict['NAME']}_restored"
    admin = suite_database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{target}"')
        pg.execute(f'CREATE DATABASE "{target}"')
    try:
        dump = tmp_path / "voc.dump"
        _script("backup.sh", str(dump), DATABASE_URL=suite_database_url())
        _script("restore.sh", str(dump), suite_database_url(target))
        with psycopg.connect(suite_database_url(target)) as restored:
            after = _counts(restored.cursor())
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{target}"')

    assert before["inquiries_inquiry"] == 3
    assert after == before
