"""The clocks the escalation sweep has still to look at: one narrow row per inquiry whose current
clock runs (awaiting, not escalated), with its deadline.

Why a table of its own (issue 13): the sweep used to find its candidates through a partial index
of inquiries_inquiry on `escalated_at IS NULL`, so setting escalated_at changed an indexed
column and every escalation was a non-HOT update, a new entry in each of the table's 16 indexes
(the GIN search index among them). Now no index of inquiries_inquiry names escalated_at, so the
sweep's UPDATE is HOT (the table keeps room on its pages: fillfactor 70, migration 0018), and the
sweep finds what is due here, where "not yet escalated" is simply "still a row": a second sweep
with nothing due reads an empty range of `escalation_due_idx`.

The rows are kept by PostgreSQL triggers on inquiries_inquiry, as the counters are
(inquiries.counters): an INSERT or UPDATE that leaves a row awaiting and not escalated, with its
status, clock, deadline or escalation changed, upserts that inquiry's row. Every writer keeps it
right without knowing about it (services, admin, bulk actions, factories, tests that move a
deadline with a bare UPDATE). Nothing deletes a row but the sweep: it takes every row that fell
due, escalates the inquiries whose clock still matches, and drops the others (answered, closed,
or a clock that moved on; a new clock upserts a fresh row). So the table holds about the clocks
started in the last three days.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

TABLE = "inquiries_escalationdue"


class EscalationDue(models.Model):
    inquiry = models.OneToOneField(
        "inquiries.Inquiry",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("inquiry"),
    )
    clock = models.PositiveIntegerField(_("clock"))
    due_at = models.DateTimeField(_("due at"))

    class Meta:
        verbose_name = _("clock due for escalation")
        verbose_name_plural = _("clocks due for escalation")
        indexes = [models.Index(fields=["due_at", "inquiry"], name="escalation_due_idx")]

    def __str__(self) -> str:
        return f"#{self.inquiry_id} clock {self.clock} due {self.due_at:%Y-%m-%d %H:%M}"


# An inquiry's clock runs: what puts (or keeps) its row here.
_RUNS = "n.status = 'awaiting' AND n.escalated_at IS NULL AND n.due_at IS NOT NULL"
_UPSERT = f"""
INSERT INTO {TABLE} AS q (inquiry_id, clock, due_at)
SELECT n.id, n.clock, n.due_at FROM {{source}} WHERE {_RUNS}{{changed}}
ORDER BY n.id
ON CONFLICT (inquiry_id) DO UPDATE SET clock = EXCLUDED.clock, due_at = EXCLUDED.due_at
"""  # noqa: S608 (no input: table and column names only)
_CHANGED = (
    " AND (n.status, n.clock, n.due_at, n.escalated_at)"
    " IS DISTINCT FROM (o.status, o.clock, o.due_at, o.escalated_at)"
)

TRIGGER_SQL = f"""
CREATE OR REPLACE FUNCTION inquiry_escalation_due_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_UPSERT.format(source="new_rows n", changed="")};
    ELSE
        {_UPSERT.format(source="new_rows n JOIN old_rows o ON o.id = n.id", changed=_CHANGED)};
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER inquiry_escalation_due_insert AFTER INSERT ON inquiries_inquiry
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_escalation_due_apply();
CREATE TRIGGER inquiry_escalation_due_update AFTER UPDATE ON inquiries_inquiry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_escalation_due_apply();
"""

TRIGGER_DROP_SQL = """
DROP TRIGGER IF EXISTS inquiry_escalation_due_insert ON inquiries_inquiry;
DROP TRIGGER IF EXISTS inquiry_escalation_due_update ON inquiries_inquiry;
DROP FUNCTION IF EXISTS inquiry_escalation_due_apply();
"""

# Every running clock from the inquiries themselves (the migration and the bench generator).
FILL_SQL = f"""
INSERT INTO {TABLE} (inquiry_id, clock, due_at)
SELECT n.id, n.clock, n.due_at FROM inquiries_inquiry n WHERE {_RUNS}
ON CONFLICT (inquiry_id) DO NOTHING
"""  # noqa: S608 (no input: table and column names only)

# Room on every heap page of inquiries_inquiry for a new version of any one of its rows: TOAST
# keeps a row under about 2 kB, 30 % of a page is 2.4 kB. The sweep's update can then stay on
# the page (HOT) and write no index. Measured with `make bench-sweep SCALE=0.2` (rows of 1.1 kB
# on average): 75 % of the escalations HOT at fillfactor 80, 87 % at 70; the price is 43 % more
# heap pages than a packed table (docs/benchmarks/escalation.md).
FILLFACTOR_SQL = "ALTER TABLE inquiries_inquiry SET (fillfactor = 70)"
FILLFACTOR_RESET_SQL = "ALTER TABLE inquiries_inquiry RESET (fillfactor)"
