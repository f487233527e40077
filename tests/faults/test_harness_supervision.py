"""The fault harness's own supervisor (tests/faults/stack.py `Supervised`) counts right: a kill
it makes is a kill, never a self-exit, however its checks interleave with the kill."""

import os
import signal
import sys
import threading

from tests.faults.stack import Supervised


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (killed, not yet reaped) counts as gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_kills_while_the_main_thread_checks_are_kills_and_leave_one_process(tmp_path):
    command = [sys.executable, "-c", "import time; time.sleep(120)"]
    sleeper = Supervised("sleeper", command, dict(os.environ), tmp_path)
    sleeper.start()
    stop = threading.Event()

    def checking() -> None:  # as run.py's main thread does, many times a second
        while not stop.is_set():
            sleeper.check()

    checker = threading.Thread(target=checking)
    checker.start()
    try:
        for _ in range(30):
            sleeper.kill9()
    finally:
        stop.set()
        checker.join()
    alive = [pid for pid in set(sleeper.pids) if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)

    assert sleeper.self_exits == []
    assert sleeper.killed == 30
    assert alive == [sleeper.process.pid]  # no second process started behind the harness's back
    sleeper.process.wait()
