"""docker-compose.yml cannot run here (no Docker engine): check its shape, and start the
production settings with what .env.example and compose give them (the Dockerfile's own steps run
in tests/integration/production/test_dockerfile.py)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
APP_SERVICES = ("web", "worker", "beat", "migrate")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_example() -> dict[str, tuple[str, str]]:
    """name -> (marker, value), the marker being the "# [...]" line's first bracket."""
    entries, marker = {}, ""
    for line in (ROOT / ".env.example").read_text().splitlines():
        if found := re.match(r"^# \[([a-z, ]+)\]", line):
            marker = found.group(1)
        elif match := re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line):
            entries[match.group(1)] = (marker, match.group(2))
            marker = ""
    return entries


def _env_example_names() -> set[str]:
    return set(_env_example())


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
        "proxy",
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
    assert _command(services["migrate"]) == "django-admin migrate --no-input"
    assert services["migrate"]["restart"] == "no"


def test_compose_restarts_web_worker_and_beat_when_they_exit(compose):
    # A worker that exits (a crash, an "Unrecoverable error" on a broker outage) sends nothing
    # until something starts it again: compose does (docs/email.md, "Faults").
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["restart"] == "unless-stopped", name


def test_compose_has_healthchecks_when_parsed(compose):
    services = compose["services"]
    for name in ("proxy", "db", "redis", "web", "worker", "beat", "mailpit"):
        assert services[name]["healthcheck"]["test"], name
    assert "/readyz" in str(services["web"]["healthcheck"]["test"])
    # The one-shot migrate step is done when it exits 0, which the app services wait for.
    assert services["migrate"]["healthcheck"] == {"disable": True}


def test_compose_trusts_forwarded_headers_from_the_proxy_only_when_parsed(compose):
    services = compose["services"]
    proxy_ip = services["proxy"]["networks"]["internal"]["ipv4_address"]
    for name in APP_SERVICES:
        assert services[name]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_ip
        assert "forwarded-allow-ips" not in _command(services[name])
        assert "ports" not in services[name], f"{name} is reachable only through the proxy"
    assert services["proxy"]["ports"] == ["8443:8443"]
    assert "web:8000" in _command(services["proxy"])


def test_compose_app_services_wait_for_healthy_stores_and_migrations_when_parsed(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_env_example_names_every_variable_production_requires_when_read():
    text = (ROOT / "voc_portal/settings/production.py").read_text()
    required = set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= required
    assert required <= _env_example_names()


def test_env_example_names_every_variable_settings_read_when_read():
    read = set()
    names = ("base.py", "databases.py", "mail.py", "push.py", "store.py", "webhooks.py")
    for name in (*names, "production.py"):
        read |= _settings_variables(ROOT / "voc_portal/settings" / name)
    missing = read - _env_example_names()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_marks_every_variable_and_leaves_secrets_empty_when_read():
    entries = _env_example()
    unmarked = sorted(name for name, (marker, _) in entries.items() if not marker)
    assert not unmarked, f"mark these in .env.example: {unmarked}"
    text = (ROOT / "voc_portal/settings/production.py").read_text()
    required = set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))
    marked = {name for name, (marker, _) in entries.items() if marker.startswith("required")}
    assert marked == required | {"POSTGRES_PASSWORD"}
    for name, (marker, value) in entries.items():
        if "secret" in marker:
            assert value == "", f"{name} is a secret: leave it empty in .env.example"
        elif marker.startswith("required"):
            assert value, f"{name} is required: give the value that works in docker compose"


def test_production_starts_when_env_example_has_its_secrets_filled_in(compose):
    """`cp .env.example .env`, fill in the secrets, then what compose adds: check --deploy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VOC_"))}
    for name, (marker, value) in _env_example().items():
        env[name] = secrets.token_urlsafe(48) if "secret" in marker else value
    env["ANYMAIL_WEBHOOK_SECRET"] = "hook:" + secrets.token_urlsafe(16)
    web = compose["services"]["web"]["environment"]
    env.update({k: v for k, v in web.items() if "${" not in v})
    # DATABASE_URL as compose builds it, pointed at this machine's server for the check.
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/voc")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
