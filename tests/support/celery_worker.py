"""Run a REAL Celery worker (and beat) as subprocesses for end-to-end tests.

The subprocesses use the test database (pass its NAME: the worker must see committed rows, so the
test uses `transactional_db`) and the broker you give them (a private RedisServer, normally).
Their mail.outbox is not visible to the test: assert on OutboundEmail rows instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def worker_database_url(database_name: str) -> str:
    """The suite's DATABASE_URL (a TCP server or the embedded one's socket) naming the test DB."""
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/voc"))
    return urlunsplit(parts._replace(path=f"/{database_name}"))


def worker_env(*, database_name: str, redis_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.support.worker_settings",
        DATABASE_URL=worker_database_url(database_name),
        REDIS_URL=redis_url,
        VOC_CACHE_PREFIX=f"e2e-{os.getpid()}",
        PYTHONPATH=str(ROOT),
        **{k: str(v) for k, v in extra.items()},
    )
    return env


@contextmanager
def celery_processes(
    *, database_name: str, redis_url: str, beat: bool = False, **extra_env: str
) -> Iterator[list[subprocess.Popen]]:
    """Start a worker (solo pool) and optionally beat; stop both at the end, whatever happened."""
    env = worker_env(database_name=database_name, redis_url=redis_url, **extra_env)
    workdir = Path(tempfile.mkdtemp(prefix="voc-celery-"))
    commands = [
        [CELERY, "-A", "voc_portal", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"e2e-{os.getpid()}@%h"],
    ]  # fmt: skip
    if beat:
        commands.append(
            [CELERY, "-A", "voc_portal", "beat", "--loglevel=INFO",
             "--schedule", str(workdir / "beat-schedule")]
        )  # fmt: skip
    processes: list[subprocess.Popen] = []
    logs = []
    failed = True
    try:
        for i, command in enumerate(commands):
            log = open(workdir / f"proc{i}.log", "wb")  # noqa: SIM115 - closed below
            logs.append(log)
            processes.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        yield processes
        failed = False
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in logs:
            log.close()
        # A failing test shows what the worker and beat said (pytest prints captured stderr).
        if os.environ.get("VOC_E2E_SHOW_LOGS") or failed:
            for path in sorted(workdir.glob("*.log")):
                sys.stderr.write(f"--- {path.name}\n{path.read_text(errors='replace')}\n")
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until(predicate: Callable[[], bool], *, timeout: float = 25.0, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()
