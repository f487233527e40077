"""Row-value keyset bounds (core.pagination): every page in order, nothing twice, and each
range read is one row comparison PostgreSQL can seek on."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.pagination import cursor_scope, encode_cursor, keyset_page

pytestmark = pytest.mark.django_db

ORDERINGS = [
    ["-created_at", "-id"],
    ["created_at", "id"],
    ["name", "-created_at", "id"],
    ["-name", "created_at", "-id"],
]


@pytest.fixture
def accounts():
    base = datetime(2026, 1, 1, tzinfo=UTC)
    # Few distinct names and times: ties on every key but the last.
    return [
        DeveloperAccount.objects.create(
            name=f"acc {i % 3}", created_at=base + timedelta(hours=i % 4)
        )
        for i in range(23)
    ]


def _key(row, ordering):
    return [getattr(row, f.lstrip("-")) for f in ordering]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_pages_cover_every_row_once_in_order_when_keys_tie(accounts, ordering):
    expected = list(DeveloperAccount.objects.order_by(*ordering).values_list("pk", flat=True))
    seen, cursor = [], None
    while True:
        page = keyset_page(
            DeveloperAccount.objects.all(), ordering=ordering, cursor=cursor, page_size=4
        )
        seen += [a.pk for a in page]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == expected


def test_bound_is_one_row_value_comparison_when_directions_agree(accounts):
    ordering = ["-created_at", "-id"]
    qs = DeveloperAccount.objects.all()
    cursor = encode_cursor(_key(accounts[5], ordering), cursor_scope(qs, ordering))
    with CaptureQueriesContext(connection) as queries:
        keyset_page(qs, ordering=ordering, cursor=cursor, page_size=30)
    sql = queries[0]["sql"]
    assert '("accounts_developeraccount"."created_at", "accounts_developeraccount"."id") <' in sql
    assert " OR " not in sql


def test_mixed_directions_read_one_seekable_range_per_run_in_one_statement(accounts):
    ordering = ["name", "-created_at", "id"]
    qs = DeveloperAccount.objects.all()
    after = accounts[7]
    cursor = encode_cursor(_key(after, ordering), cursor_scope(qs, ordering))
    with CaptureQueriesContext(connection) as queries:
        page = keyset_page(qs, ordering=ordering, cursor=cursor, page_size=30)
    (sql,) = [q["sql"] for q in queries]
    arms = sql.split(" UNION ALL ")
    table = '"accounts_developeraccount"'
    # Same name and time, later id; then same name, earlier time; then a later name.
    assert f'({table}."id") >' in arms[0]
    assert f'({table}."name", {table}."created_at") =' in arms[0]
    assert f'({table}."created_at") <' in arms[1] and f'({table}."name") =' in arms[1]
    assert f'({table}."name") >' in arms[2]
    assert len(arms) == 3 and " OR " not in sql and all("LIMIT 31" in arm for arm in arms)
    expected = list(qs.order_by(*ordering).values_list("pk", flat=True))
    assert [a.pk for a in page] == expected[expected.index(after.pk) + 1 :]


def test_one_direction_is_one_range_without_a_union(accounts):
    ordering = ["-created_at", "-id"]
    qs = DeveloperAccount.objects.all()
    first = keyset_page(qs, ordering=ordering, cursor=None, page_size=2)
    with CaptureQueriesContext(connection) as queries:
        keyset_page(qs, ordering=ordering, cursor=first.next_cursor, page_size=2)
    assert len(queries) == 1 and "UNION" not in queries[0]["sql"]


@pytest.mark.parametrize(("rows", "has_next"), [(3, False), (4, False), (5, True)])
def test_next_cursor_only_when_a_row_is_left(rows, has_next):
    for i in range(rows):
        DeveloperAccount.objects.create(name=f"n{i}")
    page = keyset_page(
        DeveloperAccount.objects.all(), ordering=["name", "id"], cursor=None, page_size=4
    )
    assert (len(page), page.has_next) == (min(rows, 4), has_next)


def test_value_rows_and_related_keys_page_too(accounts):
    ordering = ["name", "-id"]
    qs = DeveloperAccount.objects.values("id", "name")
    first = keyset_page(qs, ordering=ordering, cursor=None, page_size=10)
    second = keyset_page(qs, ordering=ordering, cursor=first.next_cursor, page_size=30)
    names = [(r["name"], -r["id"]) for r in [*first.items, *second.items]]
    assert names == sorted(names) and len(names) == 23
