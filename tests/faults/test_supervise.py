"""`make run` supervises web, worker and beat: a process that dies is started again."""

import signal
import subprocess
import sys
import time


def test_supervise_restarts_command_when_it_exits_and_stops_when_signalled(tmp_path):
    runs = tmp_path / "runs"
    script = f"open({str(runs)!r}, 'a').write('x'); raise SystemExit(3)"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "voc_portal.devstack", "supervise", "demo", "--",
         sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(runs.read_text() if runs.exists() else "") < 2:
        time.sleep(0.1)
    supervisor.send_signal(signal.SIGTERM)
    out, _ = supervisor.communicate(timeout=10)

    assert len(runs.read_text()) >= 2  # died with status 3, was started again
    assert "demo exited with status 3; restarting" in out
