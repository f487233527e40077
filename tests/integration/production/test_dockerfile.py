"""The Dockerfile, without a Docker engine: its build stage runs in conftest.image (COPY, then
RUN with exactly its ENV); here the runtime stage's steps run on that venv, the same way."""

from __future__ import annotations

import json
import re

import pytest

from .servers import ROOT

pytestmark = pytest.mark.production


def _django_steps(image) -> list[str]:
    """The runtime stage's RUN steps that start Django: they run as the image's user."""
    stage = image.stages["runtime"]
    return [
        args
        for index, (kind, args) in enumerate(stage.steps)
        if kind == "RUN" and re.search(r"\b(django-admin|manage\.py)\b", args)
        and stage.user_at(index) != "root"
    ]  # fmt: skip


def _run_runtime_step(image, command: str):
    workdir = image.path("/app")
    (image.path("/app") / "staticfiles").mkdir(parents=True, exist_ok=True)
    image.path("/data/media").mkdir(parents=True, exist_ok=True)
    return image.run("runtime", command, cwd=workdir)


def test_collectstatic_step_succeeds_with_exactly_the_dockerfile_environment(image):
    steps = _django_steps(image)
    assert len(steps) == 1 and "collectstatic" in steps[0]
    result = _run_runtime_step(image, steps[0])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    manifest = json.loads((image.path("/app/staticfiles") / "staticfiles.json").read_text())
    assert "css/app.css" in manifest["paths"]


def test_collectstatic_step_fails_when_a_required_variable_is_left_out(image):
    # The same step without one placeholder: the test above would catch a stale list.
    step = re.sub(r"VOC_REPLY_DOMAIN=\S+\s*", "", _django_steps(image)[0])
    result = _run_runtime_step(image, step)
    assert result.returncode != 0
    assert "Set the VOC_REPLY_DOMAIN environment variable" in result.stderr


def test_build_time_placeholders_stay_out_of_the_image_environment(image):
    runtime_env = image.stages["runtime"].env
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL", "MAILGUN_WEBHOOK_SIGNING_KEY"} & set(
        runtime_env
    )
    assert runtime_env["DJANGO_SETTINGS_MODULE"] == "voc_portal.settings.production"


def test_runtime_stage_holds_the_venv_only_and_runs_as_a_user_when_read(image):
    stage = image.stages["runtime"]
    assert stage.copies() == ["--from=build /opt/venv /opt/venv"]
    cmd_index = max(i for i, (kind, _) in enumerate(stage.steps) if kind == "CMD")
    assert stage.user_at(cmd_index) == "app"
    text = (ROOT / "Dockerfile").read_text()
    assert "build-essential" not in text and "COPY . ." not in text
    cmd = json.loads(stage.steps[cmd_index][1])
    assert cmd[:2] == ["gunicorn", "voc_portal.wsgi:application"]
    assert not any("forwarded-allow-ips" in part for part in cmd)  # FORWARDED_ALLOW_IPS only


def test_image_venv_runs_the_portal_from_site_packages_when_built(image):
    result = image.run(
        "runtime", "python -c 'import voc_portal; print(voc_portal.__file__)'", cwd=image.root
    )
    assert result.returncode == 0, result.stderr
    assert "/site-packages/voc_portal/" in result.stdout
