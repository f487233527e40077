"""Reads the Dockerfile's stages (FROM, ENV, WORKDIR, COPY, RUN, USER) so that tests can run its
build steps here, with exactly the environment it sets: there is no Docker engine in CI."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stage:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, str]] = field(default_factory=list)  # (instruction, arguments)

    def runs(self) -> list[str]:
        return [args for kind, args in self.steps if kind == "RUN"]

    def copies(self) -> list[str]:
        return [args for kind, args in self.steps if kind == "COPY"]

    def user_at(self, index: int) -> str:
        user = "root"
        for kind, args in self.steps[:index]:
            if kind == "USER":
                user = args
        return user


def _instructions(text: str):
    logical = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not logical):
            continue
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        if logical.strip():
            kind, _, args = logical.strip().partition(" ")
            yield kind.upper(), args.strip()
        logical = ""


def _expand(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


def parse(path: Path) -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    stage: Stage | None = None
    for kind, args in _instructions(path.read_text()):
        if kind == "FROM":
            name = args.split(" AS ")[-1].strip() if " AS " in args else args
            # $PATH in an ENV line means the base image's PATH: "$PATH" stays for the caller.
            stage = stages[name] = Stage(name=name, env={"PATH": "$PATH"})
        elif stage is None:
            continue
        elif kind == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                stage.env[key] = _expand(value, stage.env) if key != "PATH" else value
        else:
            stage.steps.append((kind, args))
    return stages
