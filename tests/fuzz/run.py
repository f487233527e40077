"""`make fuzz`: schemathesis, every check and every phase, against a live gunicorn.

A database of its own (DATABASE_URL's name + "_fuzz", dropped and re-made each run), migrated
and seeded with a developer and a token (tests/fuzz/seed.py); gunicorn serves the test settings
on a free loopback port; `schemathesis run` reads /api/schema/ from it. The exit status is
schemathesis' own: 0 only when no check failed. VOC_FUZZ_EXAMPLES bounds the examples per
operation (CI sets a small number), VOC_FUZZ_SEED fixes the random seed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


def _database(url: str) -> str:
    """Drop and re-create `<name>_fuzz` next to DATABASE_URL's database; return its URL."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_fuzz"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our loopback http URL)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {url}")


def main(extra: list[str]) -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "voc_portal.settings.test",
        "DATABASE_URL": _database(
            os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/voc")
        ),
        "VOC_CACHE_PREFIX": os.environ.get("VOC_CACHE_PREFIX", "voc") + "-fuzz",
        # The fuzzer is one client sending thousands of requests: the per-token rate is not
        # what is under test here (its own tests cover it).
        "VOC_API_TOKEN_RATE": "1000000/min",
        "VOC_API_ANON_RATE": "1000000/min",
        "VOC_DEVICE_SIGN_IN_RATE": "1000000/min",
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
    }
    py = str(BIN / "python")
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    secret = (
        subprocess.run(
            [py, "-m", "tests.fuzz.seed"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "voc_portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait(f"{base}/api/schema/", server)
        command = [
            str(BIN / "schemathesis"), "--config-file", str(HERE / "schemathesis.toml"),
            "run", f"{base}/api/schema/",
            "--checks", "all",
            "--phases", "examples,coverage,fuzzing,stateful",
            "--header", f"Authorization: Bearer {secret}",
            "--max-examples", os.environ.get("VOC_FUZZ_EXAMPLES", "100"),
            "--seed", os.environ.get("VOC_FUZZ_SEED", "1"),
            "--suppress-health-check", "all",
            "--output-sanitize", "false",
            "--workers", "1",
            *extra,
        ]  # fmt: skip
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
