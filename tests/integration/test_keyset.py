"""Row-value keyset bounds (core.pagination.keyset_filter): every page in order, nothing twice,
and the bound is one row comparison PostgreSQL can seek on."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.pagination import keyset_filter, keyset_page

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
    row = accounts[5]
    qs = keyset_filter(
        DeveloperAccount.objects.all(), ["-created_at", "-id"], _key(row, ["-created_at", "-id"])
    )
    with CaptureQueriesContext(connection) as queries:
        list(qs)
    sql = queries[0]["sql"]
    assert '("accounts_developeraccount"."created_at", "accounts_developeraccount"."id") <' in sql
    assert " OR " not in sql


def test_mixed_directions_lead_with_an_inclusive_bound_on_the_first_run(accounts):
    ordering = ["name", "-created_at", "id"]
    qs = keyset_filter(DeveloperAccount.objects.all(), ordering, _key(accounts[7], ordering))
    sql = str(qs.query)
    assert '("accounts_developeraccount"."name") >= (' in sql


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
