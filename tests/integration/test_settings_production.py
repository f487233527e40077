"""Production settings refuse to start without their secrets, and pass check --deploy with them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voc_portal.settings.push import VOC_PUSH_DEV_VAPID_PRIVATE_KEY

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "voc_portal.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "voc.example.com",
    "DATABASE_URL": "postgres://voc:pw@db.internal:5432/voc",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "DJANGO_EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend",
    "ANYMAIL_WEBHOOK_SECRET": "hook:secret",
    "VOC_SITE_URL": "https://voc.example.com",
    "VOC_REPLY_DOMAIN": "reply.voc.example.com",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "key-for-the-check",
    "VOC_PUSH_VAPID_PRIVATE_KEY": "Ghc5uu5Pr9RjNqvbL7HQbTJX6Dnk4NSHn19F0nFlhbA",
}


def _run(env_overrides: dict[str, str | None], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VOC_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "DJANGO_EMAIL_BACKEND",
        "ANYMAIL_WEBHOOK_SECRET",
        "VOC_SITE_URL",
        "VOC_REPLY_DOMAIN",
        "MAILGUN_WEBHOOK_SIGNING_KEY",
        "VOC_PUSH_VAPID_PRIVATE_KEY",
    ],
)
def test_production_settings_refuse_to_start_when_a_secret_is_missing(missing):
    result = _run({**GOOD_ENV, missing: None}, "check")
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_refuse_a_short_secret_key_when_given_one():
    result = _run({**GOOD_ENV, "DJANGO_SECRET_KEY": "short"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be" in result.stderr


def test_production_settings_refuse_the_development_vapid_key_when_given_it():
    result = _run(
        {**GOOD_ENV, "VOC_PUSH_VAPID_PRIVATE_KEY": VOC_PUSH_DEV_VAPID_PRIVATE_KEY}, "check"
    )
    assert result.returncode != 0
    assert "VOC_PUSH_VAPID_PRIVATE_KEY is the development key" in result.stderr


def test_check_deploy_is_clean_when_production_settings_are_complete():
    result = _run(GOOD_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


_LANGUAGE_COOKIE_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client().post(
    "/i18n/setlang/", {"language": "ko", "next": "/"}, secure=True, HTTP_HOST="voc.example.com"
)
cookie = response.cookies["django_language"]
from django.conf import settings
print(response.status_code, cookie.value, bool(cookie["secure"]), cookie["samesite"])
print("VOC_OPS_REQUIRE_2FA", settings.VOC_OPS_REQUIRE_2FA)
"""


def _run_script(script: str, **extra_env: str) -> subprocess.CompletedProcess:
    """`script` under the production settings (GOOD_ENV plus `extra_env`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VOC_"))}
    env.update(GOOD_ENV, **extra_env)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def test_language_cookie_is_secure_and_ops_need_two_factor_under_production_settings():
    result = _run_script(_LANGUAGE_COOKIE_SCRIPT)
    assert result.stdout.split() == ["302", "ko", "True", "Lax", "VOC_OPS_REQUIRE_2FA", "True"]


_MAIL_SETTINGS_SCRIPT = """
import django
django.setup()
from django.conf import settings
print(settings.ANYMAIL["MAILGUN_API_URL"], len(settings.ADMINS), len(settings.MANAGERS))
"""


def test_mail_settings_read_the_provider_url_and_name_no_django_error_mail_recipients():
    # The API URL from the environment (the EU region; the fault harness's fake Mailgun). No
    # ADMINS / MANAGERS: Django's own error and broken-link mails would bypass the outbox.
    result = _run_script(_MAIL_SETTINGS_SCRIPT, MAILGUN_API_URL="https://api.eu.mailgun.net/v3")
    assert result.stdout.split() == ["https://api.eu.mailgun.net/v3", "0", "0"]


_WEBHOOK_SETTINGS_SCRIPT = """
import django
django.setup()
from voc_portal.core.errors import DomainError
from voc_portal.webhooks.services import endpoint_url_clean
for url in ("http://127.0.0.1:8080/hook", "https://10.1.2.3/hook"):
    try:
        endpoint_url_clean(url)
    except DomainError as exc:
        print(exc.code)
print(endpoint_url_clean("https://hooks.example.com/voc"))
"""


def test_production_webhook_endpoints_are_https_to_public_hosts_whatever_the_env_says():
    result = _run_script(_WEBHOOK_SETTINGS_SCRIPT, VOC_WEBHOOK_ALLOW_HTTP_LOCAL="true")
    assert result.stdout.split() == ["insecure_url", "private_url", "https://hooks.example.com/voc"]
