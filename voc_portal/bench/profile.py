"""Where a page's Python goes (`python -m voc_portal.bench profile [row ...]`): cProfile of the
in-process requests of the load run, on a generated data set, with the bench's settings.

Prints, per page, the median CPU ms of 9 requests and the functions with the most CPU time
(cumulative, or their own with --sort tottime) over 20 profiled requests, and how many function
calls a request makes (a figure the machine's load does not change). cProfile slows Python down
several times: compare its lines with each other, and the CPU ms (measured without it) between
runs.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

from .fixtures import fixtures_make
from .run import _client_get, targets


def _cpu_ms(fx, t, n: int = 9) -> float:
    cpu = []
    for _ in range(n):
        c0 = time.process_time()
        _client_get(fx, t)
        cpu.append((time.process_time() - c0) * 1000)
    return sorted(cpu)[n // 2]


def profile(rows: list[str], *, lines: int = 25, sort: str = "cumulative") -> int:
    fx = fixtures_make()
    for t in targets(fx):
        if rows and t.row not in rows:
            continue
        _client_get(fx, t)  # warm-up: templates compiled, connection open
        ms = _cpu_ms(fx, t)
        # CPU time, not wall: waiting for PostgreSQL or for a core on a busy machine is not Python.
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(20):
            _client_get(fx, t)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        calls = stats.total_calls / 20
        print(f"== {t.row} / {t.label}: {ms:.1f} CPU ms, {calls:,.0f} calls a request", flush=True)
        if lines:
            stats.sort_stats(sort).print_stats(lines)
            print(out.getvalue(), flush=True)
    return 0
