"""`make faults`: email exactly once under faults, measured (docs/email.md, "Faults").

    python -m tests.faults.run [--replies 400] [--only NAME …] [--outage SECONDS]

For each scenario: a fresh outbox, a real Celery worker (threads pool) and beat on a private
Redis and PostgreSQL, the fake Mailgun of tests/support/mailgun_server.py. `replies` inquiry-reply
emails are queued through the outbox service (in a transaction each, as a reply is) at a steady
pace while the scenario's faults are injected; then the harness waits until every row is final.
It prints one line per scenario:

    scenario NAME replies N accepted N unique N lost N duplicated N drain Ns worker …

accepted: messages the fake provider accepted; unique: distinct Message-IDs among them; lost:
queued replies never accepted; duplicated: accepted - unique. Exit status 1 when any scenario
lost or duplicated a message, did not drain, or a worker or beat exited by itself.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from dataclasses import dataclass, field

from tests.faults.stack import Stack, celery_processes
from tests.support.mailgun_server import Faults


@dataclass
class Scenario:
    name: str
    faults: Faults = field(default_factory=Faults)
    worker_kills: int = 0
    pg_restarts: int = 0
    redis_outage: bool = False
    # prefork as `make run` and compose run it; threads where the worker is killed (a killed
    # prefork parent leaves its children running for a while).
    pool: str = "threads"


SCENARIOS = [
    Scenario("provider-errors-30%", Faults(error_rate=0.3, error_status=503)),
    Scenario("provider-429-30%", Faults(error_rate=0.3, error_status=429)),
    Scenario("worker-kill-x5", Faults(latency=0.4), worker_kills=5),
    # Sends of 0.4 s: a restart cuts some between the acceptance and the mark-sent.
    Scenario("postgres-restart-x3", Faults(latency=0.4), pg_restarts=3),
    Scenario("timeout-10%+reset-10%", Faults(slow_rate=0.1, slow_seconds=4, reset_rate=0.1)),
    # Provider errors put rows back with a backoff: the worker holds their eta tasks when Redis
    # goes away (what made kombu's restore of unacked messages crash the worker; `--only
    # redis-down` reproduces it without voc_portal/core/broker.py).
    Scenario("redis-down", Faults(error_rate=0.2), redis_outage=True, pool="prefork"),
    Scenario(
        "all-together",
        Faults(error_rate=0.3, slow_rate=0.1, slow_seconds=4, reset_rate=0.1, latency=0.1),
        worker_kills=2,
        pg_restarts=1,
        redis_outage=True,
    ),
]


def _django(stack: Stack) -> None:
    os.environ.update(stack.env())
    import django

    django.setup()
    import logging

    # The harness's own publishes fail during the Redis outage by design: keep its output to
    # the result lines (the worker's and beat's logs are in the logs directory).
    logging.getLogger("voc_portal").setLevel(logging.ERROR)
    from django.core.management import call_command

    from voc_portal.devstack import _ensure_database

    _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", "--no-input", verbosity=0)


def _queue_reply(scenario: str, n: int) -> None:
    """One reply's email, committed; retried while PostgreSQL is down (a user would retry)."""
    from django.db import OperationalError, close_old_connections, connection, transaction

    from voc_portal.mail.services import EmailSpec, outbound_email_queue

    spec = EmailSpec(
        kind="inquiry_reply",
        template="inquiry_reply",
        to_email=f"customer{n}@example.com",
        dedupe_key=f"faults:{scenario}:{n}",
        context={"recipient_name": f"Customer {n}", "body": f"Reply {n}"},
    )
    while True:
        try:
            with transaction.atomic():
                outbound_email_queue(spec=spec)
            return
        except (OperationalError, Exception) as exc:
            if "connect" not in str(exc).lower() and not isinstance(exc, OperationalError):
                raise
            connection.close()
            close_old_connections()
            time.sleep(0.5)


def _inject(stack: Stack, scenario: Scenario, procs, span: float, outage: float) -> None:
    """The scenario's process faults, spread over the queueing span. A kill or a PostgreSQL
    restart waits for a ready worker with a send in flight: the moment that used to duplicate."""
    from django.db import connection

    worker = procs[0]
    events: list[tuple[float, str]] = []
    for i in range(scenario.worker_kills):
        events.append((span * (i + 1) / (scenario.worker_kills + 1), "kill"))
    for i in range(scenario.pg_restarts):
        events.append((span * (i + 0.5) / scenario.pg_restarts, "pg"))
    if scenario.redis_outage:
        events.append((span * 0.3, "redis"))
    started = time.monotonic()
    for at, what in sorted(events):
        time.sleep(max(0.0, at - (time.monotonic() - started)))
        if what == "kill":
            worker.wait_ready()
            _wait_in_flight()
            worker.kill9()
        elif what == "pg":
            _wait_in_flight()
            connection.close()
            stack.pg.restart(down_seconds=3)
        else:
            # On a loaded machine the worker may still be starting: an outage must hit a
            # running worker that holds tasks, or it proves nothing.
            worker.wait_ready()
            _wait_in_flight()
            stack.redis.stop()
            time.sleep(outage)
            stack.redis.start()
    connection.close()


def _wait_in_flight(timeout: float = 10.0) -> None:
    from voc_portal.mail.models import OutboundEmail

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if OutboundEmail.objects.filter(status="sending").exists():
            return
        time.sleep(0.05)


def _final_count() -> tuple[int, int]:
    from django.db import OperationalError, connection

    from voc_portal.mail.models import OutboundEmail

    try:
        rows = OutboundEmail.objects.filter(dedupe_key__startswith="faults:")
        unfinished = rows.filter(status__in=["queued", "sending"]).count()
        return rows.count(), unfinished
    except OperationalError:
        connection.close()
        return -1, -1


def run_scenario(
    stack: Stack, scenario: Scenario, *, replies: int, outage: float, span: float
) -> dict:
    from voc_portal.mail.models import OutboundEmail

    OutboundEmail.objects.all().delete()
    stack.mailgun.reset(scenario.faults)
    procs = celery_processes(stack.env(), stack.logdir, scenario.name, scenario.pool)
    for proc in procs:
        proc.start()
    procs[0].wait_ready()
    # At most 12 replies a second, and at least `span` s of queueing: faults land among sends,
    # and a restarted worker is up again before the next kill.
    rate = min(12.0, replies / span)
    span = replies / rate
    injector = threading.Thread(target=_inject, args=(stack, scenario, procs, span, outage))
    injector.start()
    for n in range(replies):
        _queue_reply(scenario.name, n)
        for proc in procs:
            proc.check()
        time.sleep(1 / rate)
    injector.join()
    queued_done = time.monotonic()
    drained = _wait_drained(procs, timeout=300)
    drain = time.monotonic() - queued_done
    if not drained:
        _print_stuck()
    result = _measure(stack, procs, replies=replies, drain=drain, drained=drained)
    for proc in procs:
        proc.stop()
    return result


def _wait_drained(procs, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            proc.check()
        _total, unfinished = _final_count()
        if unfinished == 0:
            return True
        time.sleep(0.5)
    return False


def _print_stuck() -> None:
    """What a run that did not drain left behind: the rows' states, for the report."""
    from django.db.models import Count

    from voc_portal.mail.models import OutboundEmail

    stuck = (
        OutboundEmail.objects.filter(status__in=["queued", "sending"])
        .values("status", "attempts", "last_error")
        .annotate(n=Count("id"))
    )
    for row in stuck:
        print(f"  not drained: {row}", flush=True)


def _measure(stack: Stack, procs, *, replies: int, drain: float, drained: bool) -> dict:
    from voc_portal.mail.models import OutboundEmail

    ids = set(
        OutboundEmail.objects.filter(dedupe_key__startswith="faults:").values_list(
            "message_id", flat=True
        )
    )
    ids = {i.strip("<>") for i in ids}
    accepted = [m for m in stack.mailgun.accepted if m in ids]
    unique = set(accepted)
    worker = procs[0]
    return {
        "replies": replies,
        "rows": len(ids),
        "accepted": len(accepted),
        "unique": len(unique),
        "lost": replies - len(unique),
        "duplicated": len(accepted) - len(unique),
        "drain": drain,
        "drained": drained,
        "worker_pids": len(set(worker.pids)),
        "worker_killed": worker.killed,
        "worker_self_exits": worker.self_exits,
        "beat_self_exits": procs[1].self_exits,
        "lookups": stack.mailgun.lookups,
    }


def _line(name: str, r: dict) -> str:
    if r["worker_self_exits"]:
        exits = ", ".join(f"pid {pid} status {status}" for pid, status in r["worker_self_exits"])
        worker = f"worker EXITED {len(r['worker_self_exits'])}x ({exits}; restarted)"
    elif r["worker_killed"]:
        worker = f"worker killed {r['worker_killed']}x, restarted by the supervisor"
    else:
        worker = "worker same pid"
    if r["beat_self_exits"]:
        worker += f"; beat EXITED {len(r['beat_self_exits'])}x"
    return (
        f"scenario {name} replies {r['replies']} accepted {r['accepted']} unique {r['unique']} "
        f"lost {r['lost']} duplicated {r['duplicated']} drain {r['drain']:.0f}s"
        f"{'' if r['drained'] else ' (NOT drained)'} | {worker}; provider lookups {r['lookups']}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=400)
    parser.add_argument("--outage", type=float, default=30.0, help="Redis down, seconds")
    parser.add_argument("--span", type=float, default=40.0, help="queueing at least, seconds")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--broker", default="", help="e.g. amqp://guest:guest@127.0.0.1:5672//")
    args = parser.parse_args(argv)
    stack = Stack(broker_url=args.broker)
    failed = False
    try:
        _django(stack)
        for scenario in SCENARIOS:
            if args.only and scenario.name not in args.only:
                continue
            r = run_scenario(
                stack, scenario, replies=args.replies, outage=args.outage, span=args.span
            )
            print(_line(scenario.name, r), flush=True)
            exited = r["worker_self_exits"] or r["beat_self_exits"]
            bad = r["lost"] or r["duplicated"] or exited or not r["drained"]
            failed = failed or bool(bad)
    finally:
        stack.cleanup()
        print(f"logs: {stack.logdir}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
