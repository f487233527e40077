"""docs/benchmarks/RESULTS.md from one run: the issue's table with the measured figures."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

from django.db import connection
from django.utils import timezone


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _row_lines(rows) -> list[str]:
    lines = [
        "| page | variant | req/s | p50 / p95 / p99 ms | errors | KiB/resp | SQL/req "
        "| in-process ms (CPU) | load avg before→after | target (req/s · p95) | |",
        "|---|---|---:|---|---:|---:|---:|---|---|---|---|",
    ]
    for m in rows:
        t = m.target
        kib = m.bytes / max(m.requests, 1) / 1024
        lines.append(
            f"| {t.row} | {t.label} | {m.rps:.0f} | {m.p50:.1f} / {m.p95:.1f} / {m.p99:.1f} "
            f"| {m.errors} | {kib:.1f} | {m.sql} | {m.inproc_ms:.1f} ({m.inproc_cpu_ms:.1f}) "
            f"| {m.load_before:.2f}→{m.load_after:.2f} "
            f"| ≥ {t.min_rps:.0f} · ≤ {t.max_p95_ms:.0f} ms "
            f"| {_mark(m.met)} |"
        )
    return lines


def _floor_lines(floor) -> list[str]:
    lines = [
        "## The floor: requests that do no page work (bench/floor.py, same gunicorn and wrk)",
        "",
        "A page cannot serve more requests a second than the floor under it; the pages' "
        "targets are to be read against these.",
        "",
        "| request | req/s | p50 / p95 / p99 ms | errors | SQL/req | in-process ms (CPU) "
        "| load avg before→after |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for m in floor:
        lines.append(
            f"| {m.target.label} | {m.rps:.0f} | {m.p50:.1f} / {m.p95:.1f} / {m.p99:.1f} "
            f"| {m.errors} | {m.sql} | {m.inproc_ms:.1f} ({m.inproc_cpu_ms:.1f}) "
            f"| {m.load_before:.2f}→{m.load_after:.2f} |"
        )
    return lines


def _reply_lines(reply) -> list[str]:
    d = reply.data
    ok = d["rps"] >= 300 and reply.exactly_once and d["errors"] == 0
    return [
        "## Reply via API (wrk, bench/reply.lua: a unique Idempotency-Key per POST)",
        "",
        "| replies/s | p50 / p95 / p99 ms | requests | 201 | other | errors | load avg "
        "| target | |",
        "|---:|---|---:|---:|---:|---:|---|---|---|",
        f"| {d['rps']:.0f} | {d['p50']:.1f} / {d['p95']:.1f} / {d['p99']:.1f} | {d['requests']} "
        f"| {d['created']} | {d['other']} | {d['errors']} "
        f"| {reply.load_before:.2f}→{reply.load_after:.2f} | ≥ 300/s, exactly one row each "
        f"| {_mark(ok)} |",
        "",
        "Correctness after the run (rows written since the run started):",
        "",
        f"- 201 responses counted by wrk: {d['created']}",
        f"- developer messages via the API: {reply.messages}",
        f"- outbox rows of kind inquiry_reply: {reply.outbox}",
        f"- idempotency records with status 201: {reply.idempotency}",
        f"- replies without their email row: {reply.messages_without_email}",
        "- (wrk stops counting at its deadline: up to one in-flight 201 per connection is "
        "answered after it; the rows are counted once the server is done)",
        f"- exactly one of each per reply: **{'yes' if reply.exactly_once else 'NO'}**",
    ]


def _sweep_lines(s) -> list[str]:
    ok = s.seconds <= 2 and s.second_ms <= 5 and s.escalated == s.due
    return [
        "## Escalation sweep (in-process, inquiries.escalation.inquiry_escalation_sweep)",
        "",
        "| due | escalated | seconds (SQL) | statements | outbox rows | second sweep | load avg "
        "| target | |",
        "|---:|---:|---|---:|---:|---:|---|---|---|",
        f"| {s.due} | {s.escalated} | {s.seconds:.2f} ({s.sql_seconds:.2f}) | {s.statements} "
        f"| {s.emails} | {s.second_ms:.1f} ms | {s.load_before:.2f}→{s.load_after:.2f} "
        f"| ≤ 2 s; second ≤ 5 ms | {_mark(ok)} |",
    ]


def results_write(path: Path, *, scale, duration, rows, floor, reply, sweep) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM inquiries_inquiry), (SELECT count(*) FROM "
            "inquiries_message), (SELECT count(*) FROM reviews_review WHERE app_id = 1)"
        )
        inquiries, messages, reviews = cursor.fetchone()
    lines = [
        "# Benchmark results",
        "",
        f"`make bench SCALE={scale}` at {timezone.now():%Y-%m-%d %H:%M} UTC, commit {_commit()}; "
        f"{inquiries:,} inquiries, {messages:,} messages, {reviews:,} reviews on the big app. "
        f"gunicorn, 2 sync workers, production settings; wrk -t2 -c8 -d{duration}; "
        f"{os.cpu_count()} cores (load average beside every figure: "
        f"figures taken at a high load are noisy); PostgreSQL {pg}; Python "
        f"{platform.python_version()}. SQL/req is one request under CaptureQueriesContext; "
        "in-process ms is the median of 9 requests through Django's test client (no HTTP), "
        "wall time and, in brackets, this process's CPU time (Python's share, which the "
        "machine's load hardly changes).",
        "",
        *_row_lines(rows),
        "",
        *_floor_lines(floor),
        "",
        *_reply_lines(reply),
        "",
        *_sweep_lines(sweep),
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    print(f"wrote {path}", flush=True)
