"""The 3-day rule (PRODUCT.md rules 1 and 2): reminders before the deadline, escalation after it.

Both sweeps are set-based and safe to run concurrently and repeatedly:
- escalation takes the due rows of its queue (inquiries.escalation_queue) and escalates their
  inquiries with one conditional UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so each
  inquiry clock is escalated by exactly one sweep; the unique constraint
  `inquiry_one_escalation_per_clock` is the last backstop. Each batch (BATCH_SIZE inquiries) is
  one transaction of a constant number of statements: the claim, the events, the system
  messages, the members' emails (unrendered: the sender renders them), the pushes, and what
  refunds writes on `inquiry_escalated` (cases with their events, the ops digest);
- reminders are guarded by a transaction-level advisory lock, an InquiryEvent per reminder and
  the outbox dedupe key `inquiry-reminder:{id}:{clock}:{hours}` (the pushes' key too, per device).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from voc_portal.accounts.models import Membership, User
from voc_portal.core.columns import insert_rows
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many
from voc_portal.push.services import push_notify_many

from . import pushes
from .hooks import inquiry_due_soon, inquiry_escalated
from .models import Inquiry, InquiryEvent, Message, Status, SystemCode

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key for the reminder sweep ("VOCREMND" as an int64).
REMINDER_LOCK_KEY = 0x564F4352454D4E44 & 0x7FFFFFFFFFFFFFFF


# Stands for the pk in a URL reversed once per sweep: reverse() per row was an eighth of the
# sweep's time (measured with `make bench`).
_PK_MARK = 987654321987


def _inquiry_url_maker():
    """A function pk -> absolute thread URL, with the URL pattern reversed once."""
    try:
        path = reverse("inquiries:detail", kwargs={"pk": _PK_MARK})
    except NoReverseMatch:
        path = f"/inquiries/{_PK_MARK}/"
    pattern = settings.SITE_URL.rstrip("/") + path
    return lambda pk: pattern.replace(str(_PK_MARK), str(pk))


def _inquiry_url(pk: int) -> str:
    return _inquiry_url_maker()(pk)


def _members_by_account(account_ids: set[int]) -> dict[int, list[User]]:
    rows = (
        Membership.objects.filter(
            account_id__in=account_ids, notify_inquiries=True, user__is_active=True
        )
        .select_related("user")
        .order_by("account_id", "user_id")
    )
    members: dict[int, list[User]] = {}
    for m in rows:
        members.setdefault(m.account_id, []).append(m.user)
    return members


def _member_spec(
    member: User, *, kind: str, dedupe_key: str, context: dict, deferred: bool = False
) -> EmailSpec:
    """An email to an account member, in their language, from templates/emails/<kind>_*;
    `deferred`: rendered by the sender, not here (voc_portal.mail.services.compose)."""
    return EmailSpec(
        kind=kind,
        template=kind,
        to_email=member.email,
        to_user_id=member.pk,
        language=member.language,
        dedupe_key=dedupe_key,
        context={**context, "audience": "member", "recipient_name": member.get_short_name()},
        deferred=deferred,
    )


def _hours_label(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g}"


# --- reminders ----------------------------------------------------------------------------------


def reminder_windows() -> list[tuple[timedelta, timedelta]]:
    """(upper, lower) bounds of time left for each reminder: 24 h → (24 h, 6 h], 6 h → (6 h, 0].

    A reminder whose window has passed unseen (beat was down) is skipped, not sent late.
    """
    befores = sorted(set(settings.VOC_REMINDERS_BEFORE), reverse=True)
    lowers = [*befores[1:], timedelta(0)]
    return list(zip(befores, lowers, strict=True))


def inquiry_reminder_sweep(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Email the account's members about inquiries falling due soon; once per clock and window."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REMINDER_LOCK_KEY])
            if not cursor.fetchone()[0]:
                return 0  # another sweep is at it; it will cover these rows
        for upper, lower in reminder_windows():
            hours = _hours_label(upper)
            already = InquiryEvent.objects.filter(
                inquiry=OuterRef("pk"),
                clock=OuterRef("clock"),
                kind=InquiryEvent.Kind.REMINDED,
                data__hours=hours,
            )
            candidates = list(
                Inquiry.objects.filter(
                    status=Status.AWAITING_DEVELOPER,
                    escalated_at__isnull=True,
                    due_at__gt=now + lower,
                    due_at__lte=now + upper,
                )
                .filter(~Exists(already))
                .select_related("app", "customer", "account")
                .order_by("due_at", "id")[:limit]
            )
            if not candidates:
                continue
            members = _members_by_account({i.account_id for i in candidates})
            InquiryEvent.objects.bulk_create(
                [
                    InquiryEvent(
                        inquiry=i,
                        kind=InquiryEvent.Kind.REMINDED,
                        clock=i.clock,
                        created_at=now,
                        data={"hours": hours},
                    )
                    for i in candidates
                ]
            )
            outbound_email_queue_many(
                specs=[
                    _reminder_spec(inquiry=inquiry, member=member, hours=hours, now=now)
                    for inquiry in candidates
                    for member in members.get(inquiry.account_id, [])
                ]
            )
            push_notify_many(
                notices=[pushes.reminder_notice(inquiry=i, hours=hours) for i in candidates]
            )
            inquiry_due_soon.send(inquiries=candidates, hours=hours, now=now)
            sent += len(candidates)
    return sent


def _reminder_spec(*, inquiry: Inquiry, member: User, hours: str, now: datetime) -> EmailSpec:
    left = max(inquiry.due_at - now, timedelta(0))
    return _member_spec(
        member,
        kind="inquiry_reminder",
        dedupe_key=f"inquiry-reminder:{inquiry.pk}:{inquiry.clock}:{hours}:{member.pk}",
        context={
            "inquiry_no": inquiry.number,
            "subject": inquiry.subject,
            "app_title": inquiry.app.title,
            "account_name": inquiry.account.name,
            "customer_number": inquiry.customer.customer_number,
            "due_at": inquiry.due_at,
            "time_left": left,
            "thread_url": _inquiry_url(inquiry.pk),
        },
    )


# --- escalation ---------------------------------------------------------------------------------

# One statement per batch. `due`: the batch's rows of inquiries.escalation_queue that fell due,
# each with its inquiry locked (FOR UPDATE OF i SKIP LOCKED: an inquiry another transaction is
# writing, or another sweep claimed, is left to the next batch or sweep). It is a MATERIALIZED
# CTE, run once: as a sub-select in FROM, the planner may re-run it per row and claim more than
# LIMIT rows. `gone`: those queue rows go (no other writer can touch them meanwhile: the queue
# row of an inquiry is written only by a statement that holds that inquiry's row lock). The
# UPDATE escalates the inquiries whose clock still runs as queued; an answered or closed one, or
# a clock that moved on, is only dropped from the queue; each claimed row comes with its app's
# title and its account's name (the emails and pushes say them), looked up by primary key per
# row: joined into the UPDATE, the planner (which expects one row from the CTE) read both
# tables once per claimed row, 0.6 s a batch at store scale. `seen` tells the caller whether
# the queue may hold more. escalated_at is in no index of inquiries_inquiry: the UPDATE is HOT.
_CLAIM_SQL = """
WITH due AS MATERIALIZED (
    SELECT q.inquiry_id, q.clock
    FROM inquiries_escalationdue q JOIN inquiries_inquiry i ON i.id = q.inquiry_id
    WHERE q.due_at < %(now)s
    ORDER BY q.due_at, q.inquiry_id
    LIMIT %(limit)s
    FOR UPDATE OF i SKIP LOCKED
), gone AS (
    DELETE FROM inquiries_escalationdue q
    WHERE q.inquiry_id = ANY (ARRAY(SELECT inquiry_id FROM due))
), claimed AS (
    UPDATE inquiries_inquiry AS i
    SET escalated_at = %(now)s
    FROM due
    WHERE i.id = due.inquiry_id AND i.clock = due.clock AND i.status = 'awaiting'
      AND i.escalated_at IS NULL AND i.due_at < %(now)s
    RETURNING i.id, i.clock, i.account_id, i.app_id, i.customer_id, i.purchase_id, i.subject,
              i.due_at
)
SELECT (SELECT count(*) FROM due) AS seen, claimed.*,
       (SELECT a.title FROM catalog_app a WHERE a.id = claimed.app_id),
       (SELECT d.name FROM accounts_developeraccount d WHERE d.id = claimed.account_id)
FROM (SELECT 1) AS one LEFT JOIN claimed ON true
ORDER BY claimed.due_at, claimed.id
"""
_CLAIM_COLUMNS = [
    "id",
    "clock",
    "account_id",
    "app_id",
    "customer_id",
    "purchase_id",
    "subject",
    "due_at",
    "app_title",
    "account_name",
]


@dataclass
class SweepResult:
    escalated: int = 0
    sweep_id: str = ""


def inquiry_escalation_claim(*, now: datetime, batch_size: int) -> list[dict]:
    """Claim up to batch_size due inquiries (in the caller's transaction). Race-free."""
    return _claim(now=now, batch_size=batch_size)[0]


def _claim(*, now: datetime, batch_size: int) -> tuple[list[dict], int]:
    """The claimed inquiries, and how many queue rows the batch took (claimed or dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"now": now, "limit": batch_size})
        rows = cursor.fetchall()
    claimed = [dict(zip(_CLAIM_COLUMNS, row[1:], strict=True)) for row in rows if row[1]]
    return claimed, rows[0][0]


# Inquiries per batch: each batch is one transaction of a constant number of statements.
BATCH_SIZE = 2000


def inquiry_escalation_sweep(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Escalate every inquiry past due, exactly once per clock. Returns how many were escalated."""
    return inquiry_escalation_sweep_detailed(now=now, batch_size=batch_size).escalated


def inquiry_escalation_sweep_detailed(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> SweepResult:
    """Claims and escalates due inquiries batch by batch; each batch commits on its own.

    What escalation means for ops (cases, the ops digest) is not decided here: the apps above
    react to `inquiry_escalated` inside each batch's transaction, so nothing they write can be
    lost by a sweep that dies after some batches committed.
    """
    now = now or timezone.now()
    result = SweepResult(sweep_id=uuid.uuid4().hex)
    members: dict[int, list[User]] = {}
    while True:
        with transaction.atomic():
            claimed, seen = _claim(now=now, batch_size=batch_size)
            if not claimed:
                if seen:
                    continue  # only dropped rows (answered since): the queue may hold more
                break
            _record_escalations(claimed, now=now)
            _email_members(claimed, now=now, members=members)
            push_notify_many(
                notices=[pushes.escalated_notice(row=r, app_title=r["app_title"]) for r in claimed]
            )
            inquiry_escalated.send(claimed=claimed, now=now, sweep_id=result.sweep_id)
        result.escalated += len(claimed)
        # No break on a short batch: the sweep ends on a claim that finds nothing due. That
        # claim, after the last commit, also steps over the index entries of the queue rows
        # this sweep deleted and marks them dead, so the next sweep does not visit their heap
        # tuples again (at 20,000 deleted rows, most of an idle sweep's time).
    if result.escalated:
        logger.info("escalated %s inquiries (sweep %s)", result.escalated, result.sweep_id)
    return result


def _record_escalations(claimed: list[dict], *, now: datetime) -> None:
    """The batch's escalation events and system messages: two INSERTs whatever its size
    (core.columns: one array per column that varies)."""
    stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M %Z")
    data = {"at": now.isoformat()}
    insert_rows(
        InquiryEvent,
        [
            {
                "inquiry_id": r["id"],
                "kind": InquiryEvent.Kind.ESCALATED,
                "clock": r["clock"],
                "created_at": now,
                "data": {"due_at": r["due_at"].isoformat()},
            }
            for r in claimed
        ],
    )
    insert_rows(
        Message,
        [
            {
                "inquiry_id": r["id"],
                "author_kind": Message.Author.SYSTEM,
                "via": Message.Via.SYSTEM,
                "body": f"Escalated to store operations at {stamp}.",
                "code": SystemCode.ESCALATED,
                "data": data,
                "created_at": now,
            }
            for r in claimed
        ],
    )


def _email_members(claimed: list[dict], *, now: datetime, members: dict[int, list[User]]) -> None:
    """Queue the escalation emails of the batch's members (one INSERT; the sender renders).

    `members`: the sweep's accounts and their members so far, filled with the batch's new ones
    (a sweep of 20,000 meets each of 1,000 accounts in every batch: loaded once, not 12 times).
    """
    missing = {r["account_id"] for r in claimed} - members.keys()
    if missing:
        found = _members_by_account(missing)
        members.update({account_id: found.get(account_id, []) for account_id in missing})
    url = _inquiry_url_maker()
    outbound_email_queue_many(
        specs=[
            _member_spec(
                member,
                kind="inquiry_escalated",
                dedupe_key=f"inquiry-escalated:{r['id']}:{r['clock']}:{member.pk}",
                deferred=True,  # thousands per sweep: the sender renders each one
                context={
                    "inquiry_no": f"{r['id']:06d}",
                    "subject": r["subject"],
                    "app_title": r["app_title"],
                    "account_name": r["account_name"],
                    "due_at": r["due_at"],
                    "escalated_at": now,
                    "thread_url": url(r["id"]),
                },
            )
            for r in claimed
            for member in members.get(r["account_id"], [])
        ]
    )
