"""The load run: gunicorn (production settings, 2 sync workers) and wrk for every row of the table.

Each row gets: wrk's req/s, p50/p95/p99, errors and bytes (bench/report.lua), the 1-minute load
average before and after, and the SQL statements one request issues (a one-off in-process
request under CaptureQueriesContext). Then the reply run and its correctness check, then the
escalation sweep timed in-process. Writes docs/benchmarks/RESULTS.md.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from .fixtures import BenchFixtures, fixtures_make
from .report import results_write

ROOT = Path(__file__).resolve().parents[2]
LUA = ROOT / "bench"
PORT = 8799


@dataclass
class Target:
    row: str
    label: str
    path: str
    api: bool = False
    min_rps: float = 0
    max_p95_ms: float = 0
    publisher: bool = False  # signed in as the big publisher's owner, not the bench developer
    floor: bool = False  # served by bench.floor's WSGI entry, with no target of its own
    anonymous: bool = False  # no session cookie, no token


@dataclass
class Measured:
    target: Target
    rps: float = 0
    p50: float = 0
    p95: float = 0
    p99: float = 0
    requests: int = 0
    errors: int = 0
    bytes: int = 0
    sql: int = 0
    inproc_ms: float = 0
    # CPU time of this process per request: what the page costs in Python, nearly independent
    # of the machine's load (wall time is not, on a shared machine).
    inproc_cpu_ms: float = 0
    load_before: float = 0
    load_after: float = 0
    extra: dict = field(default_factory=dict)

    @property
    def met(self) -> bool:
        t = self.target
        return self.errors == 0 and self.rps >= t.min_rps and self.p95 <= t.max_p95_ms


def targets(fx: BenchFixtures) -> list[Target]:
    app = f"/apps/{fx.big_app_package}/"
    inbox, api = "/inquiries/", "/api/v1/inquiries/"
    return [
        Target("inbox", "first page", inbox, min_rps=400, max_p95_ms=30),
        Target(
            "inbox",
            "filtered (awaiting, one app)",
            f"{inbox}?state=awaiting&app=1",
            min_rps=400,
            max_p95_ms=30,
        ),
        Target(
            "search",
            "Korean, 3 syllables (결제가)",
            f"{inbox}?q={quote('결제가')}",
            min_rps=200,
            max_p95_ms=50,
        ),
        Target("search", "English word (refund)", f"{inbox}?q=refund", min_rps=200, max_p95_ms=50),
        Target(
            "thread", "inquiry thread", f"/inquiries/{fx.thread_id}/", min_rps=500, max_p95_ms=20
        ),
        Target("dashboard", "dashboard", "/dashboard/", min_rps=600, max_p95_ms=15),
        Target("api", "first page", api, api=True, min_rps=800, max_p95_ms=15),
        Target(
            "api",
            "deep cursor",
            f"{api}?cursor={fx.api_deep_cursor}",
            api=True,
            min_rps=800,
            max_p95_ms=15,
        ),
        Target("app", "newest first", app, min_rps=400, max_p95_ms=25),
        Target("app", "highest rating", f"{app}?order=highest", min_rps=400, max_p95_ms=25),
        Target("app", "lowest rating", f"{app}?order=lowest", min_rps=400, max_p95_ms=25),
        Target(
            "app",
            "deep cursor, newest",
            f"{app}?cursor={fx.review_deep_newest}",
            min_rps=400,
            max_p95_ms=25,
        ),
        Target(
            "app",
            "deep cursor, lowest",
            f"{app}?order=lowest&cursor={fx.review_deep_lowest}",
            min_rps=400,
            max_p95_ms=25,
        ),
        *publisher_targets(fx),
    ]


FLOOR_URLCONF = "voc_portal.bench.floor"


def floor_targets() -> list[Target]:
    """What any request costs here before a page does anything (bench/floor.py)."""
    rows = [
        ("raw", "WSGI callable, no Django", {"anonymous": True}),
        ("anonymous", "Django, every middleware, no session", {"anonymous": True}),
        ("signed-in", "a developer's request, no page", {}),
        ("chrome", "a developer's request, the shared layout and no page", {}),
        ("api", "a device's API request, no work", {"api": True}),
    ]
    return [
        Target("floor", label, f"/bench/floor/{slug}/", floor=True, **kind)
        for slug, label, kind in rows
    ]


def publisher_targets(fx: BenchFixtures) -> list[Target]:
    """Issue 19's rows: the big publisher's pages (200,000 inquiries at SCALE=1)."""
    inbox = "/inquiries/"

    def row(page: str, label: str, path: str, rps: float, p95: float) -> Target:
        return Target(f"publisher {page}", label, path, min_rps=rps, max_p95_ms=p95, publisher=True)

    top = fx.publisher_top_app
    return [
        row("inbox", "first page with tab counts", inbox, 300, 40),
        row("inbox", "awaiting in the top app", f"{inbox}?state=awaiting&app={top}", 300, 40),
        row("inbox", "mine", f"{inbox}?assigned=mine", 300, 40),
        row("dashboard", "dashboard", "/dashboard/", 300, 40),
        row("search", "Korean, 2 syllables (환불)", f"{inbox}?q={quote('환불')}", 100, 80),
        row("search", "English word (refund)", f"{inbox}?q=refund", 100, 80),
        row("reviews", "review console, top app", f"/reviews/?app={top}", 100, 80),
    ]


def _session_key(fx: BenchFixtures, publisher: bool) -> str:
    return fx.publisher_session_key if publisher else fx.session_key


def _headers(
    fx: BenchFixtures, api: bool, publisher: bool = False, anonymous: bool = False
) -> list[str]:
    # gunicorn trusts X-Forwarded-Proto from 127.0.0.1 (FORWARDED_ALLOW_IPS): the request is
    # https to Django, as behind the production TLS proxy.
    headers = ["X-Forwarded-Proto: https", "Accept-Language: ko"]
    if api:
        headers.append(f"Authorization: Bearer {fx.token}")
    elif not anonymous:
        headers.append(f"Cookie: {settings.SESSION_COOKIE_NAME}={_session_key(fx, publisher)}")
    return headers


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _wrk(path: str, headers: list[str], duration: str, script: Path, *args: str) -> dict:
    cmd = ["wrk", "-t2", "-c8", f"-d{duration}", "--timeout", "5s", "-s", str(script)]
    for h in headers:
        cmd += ["-H", h]
    cmd += [f"http://127.0.0.1:{PORT}{path}"]
    if args:
        cmd += ["--", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


@functools.cache
def _client() -> Client:
    # One client for the whole run: each new Client builds its own handler, and loading the
    # middleware (WhiteNoise indexes every static file) cost more than the page itself, which a
    # gunicorn worker pays once. The session cookie is set per request below.
    return Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ko")


def _client_get(fx: BenchFixtures, t: Target):
    """One in-process request to the target, signed in as the load run is."""
    client = _client()
    client.cookies.clear()
    extra = {"secure": True}
    if t.api:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {fx.token}"
    elif not t.anonymous:
        client.cookies[settings.SESSION_COOKIE_NAME] = _session_key(fx, t.publisher)
    response = client.get(t.path, **extra)
    if response.status_code != 200:
        raise RuntimeError(f"{t.path}: {response.status_code} in process")
    return response


def _sql_per_request(fx: BenchFixtures, t: Target) -> tuple[int, float, float]:
    """Statements of one request (after a warm-up one), its median in-process wall and CPU ms."""
    if t.floor:
        if t.path.endswith("/raw/"):
            return 0, 0.0, 0.0  # no Django to run in process
        with override_settings(ROOT_URLCONF=FLOOR_URLCONF):
            return _sql_per_request(fx, replace(t, floor=False))
    _client_get(fx, t)
    with CaptureQueriesContext(connection) as queries:
        _client_get(fx, t)
    # Counted now: every request start empties the connection's query log (reset_queries).
    statements = len(queries)
    wall, cpu = [], []
    for _ in range(9):
        t0, c0 = time.perf_counter(), time.process_time()
        _client_get(fx, t)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statements, sorted(wall)[len(wall) // 2], sorted(cpu)[len(cpu) // 2]


def _gunicorn(app: str = "voc_portal.wsgi:application") -> subprocess.Popen:
    log = open("/tmp/voc-bench-gunicorn.log", "w")  # noqa: SIM115 (the server's whole life)
    gunicorn = shutil.which("gunicorn", path=str(Path(os.sys.executable).parent)) or "gunicorn"
    proc = subprocess.Popen(
        [
            gunicorn,
            app,
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.2):
                break
        except OSError:
            time.sleep(0.2)
    # Workers import the whole project: on a busy machine that takes a while.
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=10).read()
            return proc
        except OSError:
            time.sleep(1)
    os.killpg(proc.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not answer /healthz")


def _measure(fx: BenchFixtures, t: Target, duration: str) -> Measured:
    m = Measured(target=t)
    m.sql, m.inproc_ms, m.inproc_cpu_ms = _sql_per_request(fx, t)
    m.load_before = _load()
    data = _wrk(t.path, _headers(fx, t.api, t.publisher, t.anonymous), duration, LUA / "report.lua")
    m.load_after = _load()
    for key in ("rps", "p50", "p95", "p99", "requests", "errors", "bytes"):
        setattr(m, key, data[key])
    print(
        f"  {t.row} / {t.label}: {m.rps:.0f} req/s, p95 {m.p95:.1f} ms, {m.sql} SQL, "
        f"in-process CPU {m.inproc_cpu_ms:.1f} ms, errors {m.errors}, load {m.load_before:.2f}",
        flush=True,
    )
    return m


def run(*, scale: float, duration: str, out: str) -> None:
    fx = fixtures_make()
    proc = _gunicorn()
    try:
        rows = [_measure(fx, t, duration) for t in targets(fx)]
        from .writes import reply_run, sweep_run

        reply = reply_run(
            fx,
            duration=duration,
            wrk=_wrk,
            headers=_headers(fx, True),
            load=_load,
            lua=LUA / "reply.lua",
        )
    finally:
        _stop(proc)
    floor = floor_run(fx, duration)
    sweep = sweep_run(load=_load)
    results_write(
        Path(ROOT / out),
        scale=scale,
        duration=duration,
        rows=rows,
        floor=floor,
        reply=reply,
        sweep=sweep,
    )


def floor_run(fx: BenchFixtures, duration: str) -> list[Measured]:
    """The floor rows alone (`python -m voc_portal.bench floor` prints them)."""
    proc = _gunicorn("voc_portal.bench.floor_wsgi:application")
    try:
        return [_measure(fx, t, duration) for t in floor_targets()]
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
