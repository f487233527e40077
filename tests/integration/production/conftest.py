"""The image's build stage, executed here: its COPY lines, then its RUN steps with exactly the
environment its ENV lines set, under a temporary root (no Docker engine in CI). The wheel and
venv it leaves are what test_wheel.py installs and runs; test_dockerfile.py runs the runtime
stage's steps on top."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import dockerfile
from .servers import ROOT

# The image's absolute paths, and where they live during the test.
IMAGE_PATHS = ("/opt/venv", "/wheels", "/src", "/app", "/data")


@dataclass
class Image:
    root: Path
    stages: dict[str, dockerfile.Stage]

    def path(self, image_path: str) -> Path:
        return Path(self.map(image_path))

    def map(self, text: str) -> str:
        for image_path in IMAGE_PATHS:
            text = text.replace(image_path, f"{self.root}{image_path}")
        return text

    def env(self, stage: str, **extra: str) -> dict[str, str]:
        """Exactly the stage's ENV, plus what the base image provides (PATH, HOME)."""
        base_path = f"{Path(sys._base_executable).parent}:/usr/local/bin:/usr/bin:/bin"
        env = {"HOME": str(self.root / "home"), "LANG": "C.UTF-8"}
        for key, value in self.stages[stage].env.items():
            env[key] = self.map(value.replace("$PATH", base_path))
        env.update(extra)
        return env

    def run(self, stage: str, command: str, cwd: Path, **extra: str):
        return subprocess.run(
            ["/bin/sh", "-ec", self.map(command)],
            cwd=cwd, env=self.env(stage, **extra), capture_output=True, text=True, timeout=900,
        )  # fmt: skip

    @property
    def venv(self) -> Path:
        return self.path("/opt/venv")

    @property
    def wheel(self) -> Path:
        (built,) = self.path("/wheels").glob("voc_portal-*.whl")
        return built


def _tracked() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],  # noqa: S607 (git from PATH, as CI)
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    return [f for f in listed if (ROOT / f).is_file()]


def _copy(args: str, workdir: Path, files: list[str]) -> None:
    """COPY <file>… <dir>/ or COPY <dir> <dir>, from what a fresh clone holds."""
    *sources, dest = args.split()
    for source in sources:
        if source in files:
            target = workdir / dest / Path(source).name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / source, target)
            continue
        inside = [f for f in files if f.startswith(source.rstrip("/") + "/")]
        assert inside, f"COPY {source}: nothing in the checkout"
        for name in inside:
            target = workdir / dest / Path(name).relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target)


@pytest.fixture(scope="session")
def image(tmp_path_factory) -> Image:
    image = Image(tmp_path_factory.mktemp("image"), dockerfile.parse(ROOT / "Dockerfile"))
    (image.root / "home").mkdir()
    files = _tracked()
    workdir = image.root
    for kind, args in image.stages["build"].steps:
        if kind == "WORKDIR":
            workdir = image.path(args)
            workdir.mkdir(parents=True, exist_ok=True)
        elif kind == "COPY":
            _copy(args, workdir, files)
        elif kind == "RUN":
            result = image.run("build", args, cwd=workdir)
            output = result.stdout[-3000:] + result.stderr[-3000:]
            assert result.returncode == 0, f"RUN {args}\n{output}"
    return image


@pytest.fixture(scope="session")
def source_files() -> list[str]:
    return _tracked()


def outside_env(**extra: str) -> dict[str, str]:
    """For commands of the installed portal: the machine's PATH and HOME, nothing of the suite."""
    keep = ("PATH", "HOME", "LANG", "TMPDIR")
    return {**{k: v for k, v in os.environ.items() if k in keep}, **extra}
