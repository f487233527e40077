"""pytest plugin behind `make mutate` (tests/mutation/run.py starts it once per module).

One pytest session per module: the module's fast tests run once unmutated (this sets the test
database up, once), then each cosmic-ray mutant runs in a forked child that swaps the mutated
code into the live functions (`__code__`, defaults, module constants) and runs the same items,
stopping at the first failure. A child's exit code is the verdict; one that hangs is killed.
Why not a pytest process per mutant: docs/dependencies.md ("cosmic-ray").
"""

from __future__ import annotations

import builtins
import difflib
import functools
import gc
import importlib
import json
import os
import re
import signal
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.exceptions import CosmicRayTestingException
from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator, operator_names

_SIMPLE = (int, float, str, bytes, bool, tuple, frozenset, set, dict, list, type(None))
KILLED, SURVIVED, TIMEOUT, UNAPPLIED = "killed", "survived", "timeout", "unapplied"


def _definition(node) -> str | None:
    """The name of the function or class around a parso node (cosmic-ray's own rule)."""
    obj = node
    while obj is not None:
        if obj.type in ("funcdef", "classdef"):
            return obj.name.value
        obj = obj.parent
    return None


def mutants(source: str, exclude: list[str]):
    """(operator name, occurrence, enclosing definition, line) for every mutant of `source`."""
    tree = get_ast(source)
    nodes = list(ast_nodes(tree))
    for name in operator_names():
        if any(re.search(p, name) for p in exclude) or get_operator(name).arguments():
            continue  # operators that need arguments are the random-name ones
        operator = get_operator(name)()
        occurrence = 0
        for node in nodes:
            for start, _end in operator.mutation_positions(node):
                yield name, occurrence, _definition(node), start[0]
                occurrence += 1


def _compiles(source: str, filename: str) -> bool:
    try:
        compile(source, filename, "exec")
    except SyntaxError:
        return False
    return True


def _code_index(code: types.CodeType) -> dict[tuple, types.CodeType]:
    index, seen, stack = {}, {}, [code]
    while stack:
        c = stack.pop(0)
        key = (c.co_qualname, c.co_firstlineno)
        n = seen.get(key, 0)
        seen[key] = n + 1
        index[(*key, n)] = c
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return index


def _swap(module, filename: str, original: str, mutated: str, live: list) -> None:
    """Make the live module behave as `mutated`: code, defaults, simple module/class values."""
    old_index = _code_index(compile(original, filename, "exec"))
    new_index = _code_index(compile(mutated, filename, "exec"))
    if old_index.keys() != new_index.keys():
        raise ValueError("the mutant changes the module's shape")
    for fn in live:
        code = fn.__code__
        keys = [k for k, c in old_index.items() if k[:2] == (code.co_qualname, code.co_firstlineno)]
        same = [k for k in keys if old_index[k].co_code == code.co_code] or keys
        if same:
            fn.__code__ = new_index[same[0]]
    namespace = {"__name__": module.__name__, "__package__": module.__package__,
                 "__file__": filename, "__builtins__": builtins}  # fmt: skip
    exec(compile(mutated, filename, "exec"), namespace)  # noqa: S102 - the mutant under test
    by_qualname = {fn.__qualname__: fn for fn in live if fn.__module__ == module.__name__}
    for name, value in namespace.items():
        if isinstance(value, types.FunctionType) and value.__qualname__ in by_qualname:
            target = by_qualname[value.__qualname__]
            target.__defaults__, target.__kwdefaults__ = value.__defaults__, value.__kwdefaults__
        elif isinstance(value, type) and value.__module__ == module.__name__:
            _swap_class(getattr(module, name, None), value, by_qualname)
        elif _differs(value, name, vars(module)):
            setattr(module, name, value)


def _swap_class(live_class, new_class, by_qualname) -> None:
    if not isinstance(live_class, type):
        return
    for attr, value in vars(new_class).items():
        if isinstance(value, types.FunctionType) and value.__qualname__ in by_qualname:
            target = by_qualname[value.__qualname__]
            target.__defaults__, target.__kwdefaults__ = value.__defaults__, value.__kwdefaults__
        elif _differs(value, attr, vars(live_class)):
            setattr(live_class, attr, value)


def _differs(value, name: str, live: dict) -> bool:
    """A plain value (a number, a string, a tuple, ...) or a plain object built at import (an
    OpenApiParameter) that the mutant changed."""
    if name.startswith("__") or name not in live:
        return False
    if isinstance(value, _SIMPLE):
        return live[name] != value
    old = live[name]
    if isinstance(value, types.ModuleType | type | types.FunctionType) or type(old) is not type(
        value
    ):
        return False
    return hasattr(value, "__dict__") and vars(old) != vars(value)


def _run_items(session, items) -> int | None:
    """Run `items` in this process; the index of the first that fails, else None."""
    session._setupstate.teardown_exact(items[0])  # the parent may have left another module set up
    for i, item in enumerate(items):
        before = session.testsfailed
        nextitem = items[i + 1] if i + 1 < len(items) else items[0]
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if session.testsfailed > before or session.shouldfail or session.shouldstop:
            return i
    return None


def _in_child(session, items, apply: Callable[[], None]) -> int:
    """Exit code: 0 survived, 3 not applicable, 10 + n killed by items[n] (1: otherwise)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        apply()
    except BaseException:  # a mutant that cannot be applied is reported as such
        return 3
    try:
        failed = _run_items(session, items)
    except BaseException:  # anything the mutant raised outside a test kills it
        return 1
    return 0 if failed is None else 10 + min(failed, 200)


def _verdict(pid: int, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return {0: SURVIVED, 3: UNAPPLIED}.get(code, KILLED), code - 10
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return TIMEOUT, -1
        time.sleep(0.02)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    path = os.environ.get("MUTATION_MODULE")
    if not path or session.config.option.collectonly:
        return None
    from django.db import connections

    items = session.items
    started = time.monotonic()
    if _run_items(session, items) is not None:
        raise session.Failed(f"{path}: its tests fail unmutated")
    kills = dict.fromkeys(items, 0)  # the tests that killed most mutants run first
    baseline = time.monotonic() - started
    builtins.CosmicRayTestingException = CosmicRayTestingException
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    filename = module.__file__
    original = Path(filename).read_text()
    live = [
        o
        for o in gc.get_objects()
        if isinstance(o, types.FunctionType) and o.__code__.co_filename == filename
    ]
    only = set(filter(None, os.environ.get("MUTATION_ONLY", "").split(",")))
    exclude = json.loads(os.environ.get("MUTATION_EXCLUDE", "[]"))
    todo = [m for m in mutants(original, exclude) if not only or m[2] in only]
    results = []
    print(f"\n== {path}: {len(todo)} mutants, tests {baseline:.1f}s", file=sys.stderr, flush=True)
    for name, occurrence, definition, line in todo:
        try:
            mutated = mutate_code(original, get_operator(name)(), occurrence)
        except AttributeError:  # cosmic-ray's ExceptionReplacer on a dotted name (`a.B`)
            continue
        if mutated is None or not _compiles(mutated, filename):
            continue  # cosmic-ray also makes a few that are not Python (`*` of `def f(*, a)`)
        order = sorted(items, key=lambda item: -kills[item])
        connections.close_all()  # a child must not share the parent's database sockets
        pid = os.fork()
        if pid == 0:  # the child never returns into the parent's loop, whatever happens
            code = 1
            try:
                swap = functools.partial(_swap, module, filename, original, mutated, live)
                code = _in_child(session, order, swap)
            finally:
                os._exit(code)
        verdict, killer = _verdict(pid, timeout=max(20.0, baseline * 5))
        if 0 <= killer < len(order):
            kills[order[killer]] += 1
        diff = [d for d in difflib.unified_diff(original.splitlines(), mutated.splitlines(), n=0,
                                               lineterm="")][2:]  # fmt: skip
        results.append({"operator": name, "definition": definition, "line": line,
                        "verdict": verdict, "diff": diff})  # fmt: skip
        mark = {KILLED: ".", TIMEOUT: "T", SURVIVED: "S", UNAPPLIED: "?"}[verdict]
        print(mark, end="", file=sys.stderr, flush=True)
    Path(os.environ["MUTATION_OUT"]).write_text(json.dumps(results))
    return True
