"""How many inquiries each account has per app, category, state and assignee: the inbox tabs and
the dashboard read these rows instead of counting the account's inquiries (issue 19: a
publisher with 200,000 inquiries paid 110 ms per page for its tab counts).

The rows are kept by PostgreSQL triggers on inquiries_inquiry (migration
0015_inquiry_counters), statement-level with transition tables: every INSERT, UPDATE or DELETE
statement adds its net change per key in one grouped upsert, inside the writing transaction.
So every writer keeps them right without knowing about them: each service, the bulk actions,
the set-based escalation sweep (one UPDATE of 500 rows is one upsert of a few keys), admin,
privacy erasure, and test factories. A service cannot forget to call it, and a page's cost no
longer grows with the account.

What a counter cannot hold is computed live from a range of an index: "due within 24 h" and
"overdue" depend on the clock, and a search's counts on its matches.

`inquiry_counters_recompute` (and `manage.py recompute_inquiry_counters`) recounts from the
inquiries, reports drift and fixes it; the bench generator writes the rows the same way.
"""

from __future__ import annotations

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.catalog.models import App


class InquiryCounter(models.Model):
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("developer account"),
    )
    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="+", verbose_name=_("app"))
    category = models.CharField(_("category"), max_length=12)
    status = models.CharField(_("state"), max_length=10)
    is_escalated = models.BooleanField(_("escalated"))
    # No foreign key: a removed member's inquiries move to unassigned (their rows reach 0).
    assignee = models.ForeignKey(
        Membership,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("assignee"),
    )
    n = models.IntegerField(_("number of inquiries"), default=0)

    class Meta:
        verbose_name = _("inquiry counter")
        verbose_name_plural = _("inquiry counters")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "app", "category", "status", "is_escalated", "assignee"],
                nulls_distinct=False,
                name="inquiry_counter_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.app_id}/{self.category}/{self.status}: {self.n}"


# Indexes of Inquiry (listed in its Meta) for what counters cannot hold.
INQUIRY_RANGE_INDEXES = [
    # The inbox by state and due date; its includes make the tab counts' and the dashboard's
    # due-soon and overdue index-only ranges of the awaiting rows falling due, whatever the
    # filters (app, category, assignee).
    models.Index(
        fields=["account", "status", "due_at", "id"],
        include=["app_id", "category", "assignee_id"],
        name="inquiry_inbox_idx",
    ),
    # The dashboard's window (created in the last 30 days): an index-only range.
    models.Index(
        fields=["account", "created_at"],
        include=["app_id", "first_response_at"],
        name="inquiry_created_idx",
    ),
]

TABLE = "inquiries_inquirycounter"
_KEY = "account_id, app_id, category, status, is_escalated, assignee_id"
# One grouped upsert of the net change per key; keys in order, so two writers lock counter rows
# in the same order (no deadlock between two statements).
_UPSERT = f"""
INSERT INTO {TABLE} AS c ({_KEY}, n)
SELECT {_KEY}, sum(d) FROM ({{rows}}) AS t
GROUP BY {_KEY} HAVING sum(d) <> 0 ORDER BY {_KEY}
ON CONFLICT ({_KEY}) DO UPDATE SET n = c.n + EXCLUDED.n
"""  # noqa: S608 (no input: table and column names only)
_ROWS = (
    "SELECT account_id, app_id, category, status, escalated_at IS NOT NULL AS is_escalated,"
    " assignee_id, {sign} AS d FROM {table}"
)

TRIGGER_SQL = f"""
CREATE OR REPLACE FUNCTION inquiry_counter_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_UPSERT.format(rows=_ROWS.format(sign=1, table="new_rows"))};
    ELSIF TG_OP = 'DELETE' THEN
        {_UPSERT.format(rows=_ROWS.format(sign=-1, table="old_rows"))};
    ELSE
        {
    _UPSERT.format(
        rows=_ROWS.format(sign=1, table="new_rows")
        + " UNION ALL "
        + _ROWS.format(sign=-1, table="old_rows")
    )
};
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER inquiry_counter_insert AFTER INSERT ON inquiries_inquiry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiry_counter_apply();
CREATE TRIGGER inquiry_counter_update AFTER UPDATE ON inquiries_inquiry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_counter_apply();
CREATE TRIGGER inquiry_counter_delete AFTER DELETE ON inquiries_inquiry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiry_counter_apply();
"""

TRIGGER_DROP_SQL = """
DROP TRIGGER IF EXISTS inquiry_counter_insert ON inquiries_inquiry;
DROP TRIGGER IF EXISTS inquiry_counter_update ON inquiries_inquiry;
DROP TRIGGER IF EXISTS inquiry_counter_delete ON inquiries_inquiry;
DROP FUNCTION IF EXISTS inquiry_counter_apply();
"""

# Every key's true count, from the inquiries themselves (the recompute and the bench generator).
RECOUNT_SQL = """
SELECT account_id, app_id, category, status, escalated_at IS NOT NULL, assignee_id, count(*)
FROM inquiries_inquiry {where} GROUP BY 1, 2, 3, 4, 5, 6
"""


_JOIN = " AND ".join(
    [f"c.{k} = r.{k}" for k in ("account_id", "app_id", "category", "status", "is_escalated")]
    + ["coalesce(c.assignee_id, 0) = coalesce(r.assignee_id, 0)"]
)
_DRIFT_SQL = f"""
SELECT {", ".join(f"coalesce(c.{k}, r.{k})" for k in _KEY.split(", "))},
       coalesce(c.n, 0), coalesce(r.n, 0)
FROM {TABLE} c FULL JOIN ({RECOUNT_SQL.format(where="")}) AS r({_KEY}, n) ON {_JOIN}
WHERE coalesce(c.n, 0) <> coalesce(r.n, 0)
ORDER BY 1, 2, 3, 4, 5, 6
"""  # noqa: S608 (no input: table and column names only)


def inquiry_counters_recompute(*, fix: bool = True) -> list[tuple]:
    """Recount every key; returns the drift as (key…, stored, actual) rows. With fix=True the
    table is rewritten from the recount in the same transaction, inquiry writes waiting on a
    table lock meanwhile (a maintenance command, not a page)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if fix:
            cursor.execute("LOCK TABLE inquiries_inquiry IN SHARE MODE")
        cursor.execute(_DRIFT_SQL)
        drift = cursor.fetchall()
        if fix and drift:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (no input: names only)
            cursor.execute(f"INSERT INTO {TABLE} ({_KEY}, n) {RECOUNT_SQL.format(where='')}")
    return drift
