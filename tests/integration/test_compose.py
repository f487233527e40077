"""docker-compose.yml cannot run here (no Docker engine): check its shape instead."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
APP_SERVICES = ("web", "worker", "beat", "migrate")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_example_names() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := re.match(r"^([A-Z][A-Z0-9_]*)=", line):
            names.add(match.group(1))
    return names


def _settings_variables(path: Path) -> set[str]:
    text = path.read_text()
    return set(re.findall(r"""(?:env(?:\.\w+)?|_required)\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))


def _command(service: dict) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_every_service_when_parsed(compose):
    assert set(compose["services"]) >= {
        "db",
        "redis",
        "web",
        "worker",
        "beat",
        "mailpit",
        "migrate",
    }


def test_compose_uses_supported_engine_versions_when_parsed(compose):
    services = compose["services"]
    pg_version = int(re.search(r"postgres:(\d+)", services["db"]["image"]).group(1))
    redis_version = int(re.search(r"redis:(\d+)", services["redis"]["image"]).group(1))
    assert pg_version >= 16 and redis_version >= 7


def test_compose_app_services_share_one_image_and_build_when_parsed(compose):
    services = compose["services"]
    images = {services[name]["image"] for name in APP_SERVICES}
    builds = {str(services[name]["build"]) for name in APP_SERVICES}
    assert len(images) == 1 and len(builds) == 1
    assert (ROOT / "Dockerfile").exists()
    for name in APP_SERVICES:
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == (
            "voc_portal.settings.production"
        )
        assert services[name]["env_file"] == ".env"


def test_compose_commands_start_the_right_processes_when_parsed(compose):
    services = compose["services"]
    assert _command(services["web"]).startswith("gunicorn voc_portal.wsgi:application")
    assert "celery -A voc_portal worker" in _command(services["worker"])
    assert "celery -A voc_portal beat" in _command(services["beat"])
    assert _command(services["migrate"]) == "python manage.py migrate --no-input"
    assert services["migrate"]["restart"] == "no"


def test_compose_has_healthchecks_when_parsed(compose):
    services = compose["services"]
    for name in ("db", "redis", "web", "worker", "beat", "mailpit"):
        assert services[name]["healthcheck"]["test"], name


def test_compose_app_services_wait_for_healthy_stores_and_migrations_when_parsed(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_dockerfile_collects_static_files_at_build_when_read():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
    assert "voc_portal.settings.production" in dockerfile


def test_env_example_names_every_variable_production_requires_when_read():
    text = (ROOT / "voc_portal/settings/production.py").read_text()
    required = set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= required
    assert required <= _env_example_names()


def test_env_example_names_every_variable_settings_read_when_read():
    read = set()
    for name in ("base.py", "production.py"):
        read |= _settings_variables(ROOT / "voc_portal/settings" / name)
    missing = read - _env_example_names()
    assert not missing, f"add to .env.example: {sorted(missing)}"
