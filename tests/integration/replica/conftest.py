"""A real streaming replica on this machine: a small primary cluster of its own (initdb, on a
free port) holding a copy of the test database, and a standby made from it with pg_basebackup,
started as a hot standby on another port. For the tests in this folder both Django aliases point
at that pair: `default` at the primary, `replica` at the standby.

Its own primary rather than a standby of the machine's server: pg_basebackup copies a whole
cluster, and the shared server may hold benchmark databases of gigabytes; the small cluster takes
a few seconds and needs no change to the shared server's pg_hba.conf (docs/scaling.md).

Skipped, with the reason, when PostgreSQL's server binaries are not installed;
VOC_REPLICA_REQUIRED=1 (CI) turns that skip into a failure."""

from __future__ import annotations

import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections

TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "pg_restore", "createdb", "psql")


def _unavailable(reason: str):
    if os.environ.get("VOC_REPLICA_REQUIRED") == "1":
        pytest.fail(f"VOC_REPLICA_REQUIRED=1 but {reason}")
    pytest.skip(reason)


def _bindir() -> Path | None:
    """The directory of one PostgreSQL version's tools (initdb is not on Debian's PATH)."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if all((directory / tool).exists() for tool in TOOLS):
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Pair:
    bindir: Path
    root: Path
    primary_port: int
    standby_port: int
    name: str
    timings: dict

    def run(self, tool: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bindir / tool), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def psql(self, port: int, sql: str) -> str:
        return self.run(
            "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", self.name,
            "-Atc", sql,
        ).stdout.strip()  # fmt: skip

    def pause_replay(self) -> None:
        self.psql(self.standby_port, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.psql(self.standby_port, "SELECT pg_wal_replay_resume()")

    def wait_replayed(self, timeout: float = 20.0) -> None:
        """Until the standby has replayed everything the primary has written so far."""
        lsn = self.psql(self.primary_port, "SELECT pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + timeout
        while self.psql(self.standby_port, f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'") != "t":
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay {lsn} in {timeout} s")
            time.sleep(0.05)


def _start_pair(root: Path, bindir: Path, name: str, source: dict) -> Pair:
    pair = Pair(bindir, root, _free_port(), _free_port(), name, {})
    primary, standby = root / "primary", root / "standby"
    started = time.monotonic()
    pair.run("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync")  # fmt: skip
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {pair.primary_port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{root}'\nwal_level = replica\nmax_wal_senders = 4\n"
            "max_connections = 60\nshared_buffers = 32MB\nfsync = off\nhot_standby = on\n"
        )
    pair.run("pg_ctl", "-D", str(primary), "-l", str(root / "primary.log"), "-w", "start")
    pair.timings["initdb and start"] = time.monotonic() - started

    # The test database as pytest-django made it (migrated), copied into the new primary.
    started = time.monotonic()
    pair.run("createdb", "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres", name)
    dump = root / "test.dump"
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    source_args = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432),
                   "-U", source["USER"] or "postgres"]  # fmt: skip
    pair.run("pg_dump", *source_args, "-Fc", "-f", str(dump), source["NAME"], env=env)
    pair.run("pg_restore", "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres",
             "-d", name, "--no-owner", str(dump))  # fmt: skip
    pair.timings["copy of the test database"] = time.monotonic() - started

    started = time.monotonic()
    pair.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres",
             "-D", str(standby), "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
    with (standby / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {pair.standby_port}\n")
    pair.run("pg_ctl", "-D", str(standby), "-l", str(root / "standby.log"), "-w", "start")
    pair.timings["pg_basebackup and standby start"] = time.monotonic() - started
    assert pair.psql(pair.standby_port, "SELECT pg_is_in_recovery()") == "t"
    print("replica pair:", ", ".join(f"{k} {v:.1f} s" for k, v in pair.timings.items()))  # -s
    return pair


def _point_django_at(pair: Pair) -> dict:
    """Both aliases at the pair; returns the settings to restore."""
    saved = connections.settings
    connections.close_all()
    aliases = copy.deepcopy(saved)
    primary = aliases["default"]
    primary.update(HOST="127.0.0.1", PORT=str(pair.primary_port), NAME=pair.name, PASSWORD="")
    # A mirror of default for the test machinery: never flushed after a transactional test.
    aliases["replica"] = {
        **copy.deepcopy(primary),
        "PORT": str(pair.standby_port),
        "TEST": {**primary.get("TEST", {}), "MIRROR": "default"},
    }
    _replace_settings(aliases)
    return saved


def _replace_settings(aliases: dict) -> None:
    for alias in [*connections.settings, "replica"]:
        if hasattr(connections._connections, alias):
            connections[alias].close()
            delattr(connections._connections, alias)
    connections.settings = connections.configure_settings(aliases)


@pytest.fixture(scope="module")
def replica_pair(django_db_setup, django_db_blocker):
    bindir = _bindir()
    if bindir is None:
        _unavailable(f"PostgreSQL's server tools ({', '.join(TOOLS)}) are not installed")
    source = dict(connections["default"].settings_dict)
    root = Path(tempfile.mkdtemp(prefix="voc-replica-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    pair = None
    try:
        try:
            pair = _start_pair(root, bindir, source["NAME"], source)
        except subprocess.CalledProcessError as exc:
            _unavailable(f"could not make the replica: {exc.cmd[-1]}: {exc.stderr.strip()[-500:]}")
        with django_db_blocker.unblock():
            saved = _point_django_at(pair)
            try:
                yield pair
            finally:
                _replace_settings(saved)
    finally:
        if pair is not None:
            for data in ("standby", "primary"):
                subprocess.run(
                    (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                    + [str(bindir / "pg_ctl"), "-D", str(root / data), "-m", "immediate", "stop"],
                    capture_output=True,
                )
        shutil.rmtree(root, ignore_errors=True)
