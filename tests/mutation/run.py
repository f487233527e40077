"""Mutation testing of the guarantee modules (docs/testing.md): `make mutate` / `make mutate-ci`.

cosmic-ray's operators make the mutants; tests/mutation/forker.py (a pytest plugin) runs each
module's own fast subset (tests/mutation/config.toml) once, then once per mutant in a forked
child with the mutant swapped in, against the real PostgreSQL and Redis of the caller's
DATABASE_URL / REDIS_URL. One worker, at `nice -n 15`: the machine is shared.

Prints a table per module (mutants, killed, survived, allow-listed, score) and every survivor's
diff; exits 1 when a module scores below the threshold or a survivor is not allow-listed as an
equivalent mutant (tests/mutation/equivalent.txt, one line of reasoning each).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.toml"
ALLOW_LIST = HERE / "equivalent.txt"


@dataclass
class Module:
    path: str
    tests: list[str]
    ci: list[str] = field(default_factory=list)
    ci_tests: list[str] = field(default_factory=list)  # a smaller subset for `--ci`, if given
    killed: int = 0
    allowed: int = 0
    unapplied: int = 0
    broken: bool = False
    survivors: list[tuple[str, str]] = field(default_factory=list)  # (key, diff)

    @property
    def mutants(self) -> int:
        return self.killed + self.allowed + len(self.survivors)

    @property
    def score(self) -> float:
        counted = self.mutants - self.allowed
        if self.broken:
            return 0.0
        return 100.0 * self.killed / counted if counted else 100.0


def allow_list() -> dict[str, str]:
    """`path | operator | -original line | +mutated line  # reason`, keyed without the reason."""
    keys = {}
    for line in ALLOW_LIST.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, reason = line.partition("  # ")
        if not reason.strip():
            sys.exit(f"{ALLOW_LIST.name}: every entry needs a reason: {line}")
        keys[key.strip()] = reason.strip()
    return keys


def mutant_key(path: str, operator: str, diff: str) -> str:
    """Stable across unrelated edits: the changed lines' text, not their numbers."""
    lines = diff.splitlines()
    old = " / ".join(x[1:].strip() for x in lines if x.startswith("-") and not x.startswith("---"))
    new = " / ".join(x[1:].strip() for x in lines if x.startswith("+") and not x.startswith("+++"))
    return f"{path} | {operator} | -{old} | +{new}"


def run_module(module: Module, settings: dict, ci: bool, allowed: dict[str, str]) -> None:
    """One pytest session for the module (tests/mutation/forker.py); its verdicts, counted."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        env = {
            **os.environ,
            "MUTATION_MODULE": module.path,
            "MUTATION_OUT": str(out),
            "MUTATION_ONLY": ",".join(module.ci) if ci else "",
            "MUTATION_EXCLUDE": json.dumps(settings.get("exclude-operators", [])),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        command = ["nice", "-n", "15", str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest",
                   "-q", "-s", "--no-header", "-p", "no:cacheprovider", "-p",
                   "tests.mutation.forker", "--reuse-db",
                   *(module.ci_tests if ci and module.ci_tests else module.tests)]  # fmt: skip
        log = Path(tmp) / "session.log"
        with log.open("w") as stdout:
            done = subprocess.run(command, cwd=ROOT, env=env, stdout=stdout)
        if done.returncode != 0 or not out.exists():
            print(f"{module.path}: the mutation session failed (exit {done.returncode}):")
            print(log.read_text()[-3000:])
            module.broken = True
            return
        results = json.loads(out.read_text())
    for r in results:
        if r["verdict"] == "unapplied":
            module.unapplied += 1
            continue
        key = mutant_key(module.path, r["operator"], "\n".join(r["diff"]))
        if r["verdict"] != "survived":
            module.killed += 1
        elif key in allowed:
            module.allowed += 1
        else:
            module.survivors.append((key, f"line {r['line']} ({r['definition']})"))


def report(modules: list[Module], threshold: float) -> bool:
    print("\n| module | mutants | killed | survived | equivalent | score |")
    print("|---|---|---|---|---|---|")
    ok = True
    for m in modules:
        print(
            f"| `{m.path}` | {m.mutants} | {m.killed} | {len(m.survivors)} | {m.allowed} "
            f"| {m.score:.0f}% |"
        )
        ok = ok and m.score >= threshold
    survivors = [s for m in modules for s in m.survivors]
    if survivors:
        print(f"\n{len(survivors)} survivors (kill them, or allow-list a true equivalent):")
        for key, diff in survivors:
            print(f"\n- {key}\n{diff}")
    print(f"\nthreshold {threshold:.0f}%: {'passed' if ok else 'FAILED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="only the functions each module lists")
    parser.add_argument("--module", action="append", help="only modules whose path contains this")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL and REDIS_URL (a database of your own): see docs/testing.md.")
    config = tomllib.loads(CONFIG.read_text())
    settings = config["settings"]
    modules = [
        Module(path=m["path"], tests=m["tests"], ci=m.get("ci", []), ci_tests=m.get("ci-tests", []))
        for m in config["module"]
        if not args.module or any(part in m["path"] for part in args.module)
    ]
    allowed = allow_list()
    started = time.monotonic()
    if args.ci:  # CI mutates only the functions a module names; a module naming none is left out
        modules = [m for m in modules if m.ci]
    for module in modules:
        run_module(module, settings, args.ci, allowed)
        print(f"{module.path}: {module.killed} killed, {len(module.survivors)} survived, "
              f"{module.allowed} equivalent: {module.score:.0f}%", flush=True)  # fmt: skip
        for key, where in module.survivors:
            print(f"   survived: {key} ({where})", flush=True)
    ok = report(modules, settings["threshold"])
    load = os.getloadavg()
    print(f"{time.monotonic() - started:.0f}s, load average {load[0]:.2f} {load[1]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
