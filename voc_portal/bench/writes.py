"""The two writing rows of the table: replies through the API (with the exactly-once check after
the run) and the escalation sweep (timed in-process, twice: the second finds nothing)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Inquiry, Message, Status
from voc_portal.api.models import IdempotencyRecord
from voc_portal.mail.models import OutboundEmail

CONNECTIONS = 8  # wrk -c8


@dataclass
class ReplyResult:
    data: dict
    load_before: float
    load_after: float
    messages: int
    outbox: int
    idempotency: int
    messages_without_email: int

    @property
    def exactly_once(self) -> bool:
        """One message, one outbox row, one idempotency record per reply the server made. wrk
        stops counting at its deadline: up to one in-flight 201 per connection goes uncounted."""
        created = self.data["created"]
        return (
            self.messages == self.outbox == self.idempotency
            and created <= self.messages <= created + CONNECTIONS
            and self.messages_without_email == 0
        )


@dataclass
class SweepResult:
    due: int
    escalated: int
    seconds: float
    sql_seconds: float
    statements: int
    emails: int
    second_ms: float
    load_before: float
    load_after: float
    extra: dict = field(default_factory=dict)


def reply_run(fx, *, duration: str, wrk, headers: list[str], load, lua) -> ReplyResult:
    start = timezone.now()
    before = load()
    data = wrk("/api/v1/inquiries/1/reply/", headers, duration, lua, fx.reply_ids_file)
    after = load()
    counts = _reply_counts(start)
    for _ in range(30):  # requests in flight when wrk stopped are still committing
        time.sleep(1)
        counts, before_counts = _reply_counts(start), counts
        if counts == before_counts:
            break
    messages = Message.objects.filter(created_at__gte=start, author_kind="developer", via="api")
    print(
        f"  reply: {data['rps']:.0f}/s, p95 {data['p95']:.1f} ms, {data['created']} created",
        flush=True,
    )
    return ReplyResult(
        data=data,
        load_before=before,
        load_after=after,
        messages=messages.count(),
        outbox=OutboundEmail.objects.filter(created_at__gte=start, kind="inquiry_reply").count(),
        idempotency=IdempotencyRecord.objects.filter(
            created_at__gte=start, status_code=201
        ).count(),
        messages_without_email=messages.filter(email__isnull=True).count(),
    )


def _reply_counts(start) -> tuple[int, int, int]:
    return (
        Message.objects.filter(created_at__gte=start, author_kind="developer", via="api").count(),
        OutboundEmail.objects.filter(created_at__gte=start, kind="inquiry_reply").count(),
        IdempotencyRecord.objects.filter(created_at__gte=start, status_code=201).count(),
    )


def _table_updates() -> dict[str, tuple[int, int]]:
    """(updates, HOT updates) per table so far: an update that is not HOT writes every index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables")
        return {name: (upd, hot) for name, upd, hot in cursor.fetchall()}


def sweep_run(*, load) -> SweepResult:
    # Timed as a worker that has run before: its URLconf is loaded and its reverse map built
    # (the sweep reverses the thread URL once per batch), which the first reverse() of a process
    # would do (~0.5 s).
    reverse("inquiries:detail", kwargs={"pk": 1})
    now = timezone.now()
    due = Inquiry.objects.filter(
        status=Status.AWAITING_DEVELOPER, escalated_at__isnull=True, due_at__lt=now
    ).count()
    emails_before = OutboundEmail.objects.count()
    updates_before = _table_updates()
    before = load()
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        escalated = inquiry_escalation_sweep(now=now)
        seconds = time.perf_counter() - t0
    time.sleep(1)  # the statistics collector reports a backend's counts within a second
    updates = {
        name: (upd - updates_before.get(name, (0, 0))[0], hot - updates_before.get(name, (0, 0))[1])
        for name, (upd, hot) in _table_updates().items()
    }
    t0 = time.perf_counter()
    inquiry_escalation_sweep(now=now)
    second_ms = (time.perf_counter() - t0) * 1000
    result = SweepResult(
        due=due,
        escalated=escalated,
        seconds=seconds,
        sql_seconds=sum(float(q["time"]) for q in queries.captured_queries),
        statements=len(queries),
        emails=OutboundEmail.objects.count() - emails_before,
        second_ms=second_ms,
        load_before=before,
        load_after=load(),
        extra={"updates": {name: u for name, u in updates.items() if u[0]}},
    )
    print(
        f"  sweep: {escalated}/{due} in {seconds:.2f} s (SQL {result.sql_seconds:.2f} s), "
        f"{result.statements} statements, {result.emails} outbox rows, second {second_ms:.1f} ms, "
        f"load {before:.2f}->{result.load_after:.2f}",
        flush=True,
    )
    for name, (upd, hot) in sorted(result.extra["updates"].items()):
        print(f"    {name}: {upd} updated, {hot} of them HOT", flush=True)
    return result
