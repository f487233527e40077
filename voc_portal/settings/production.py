"""Production: every secret comes from the environment, with no default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .push import *

DEBUG = False


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random string of 50 characters or more."
    )
# Rotation: the previous key(s) keep sessions and reset links valid until they expire.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = [h for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h]
DATABASES = databases(_required("DATABASE_URL"))
REDIS_URL = _required("REDIS_URL")
CACHES["default"]["LOCATION"] = REDIS_URL
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=celery_redis_url(REDIS_URL))

EMAIL_BACKEND = _required("DJANGO_EMAIL_BACKEND")
ANYMAIL["WEBHOOK_SECRET"] = _required("ANYMAIL_WEBHOOK_SECRET")
SITE_URL = _required("VOC_SITE_URL")
# Reply-by-email: replies go to reply+<token>@VOC_REPLY_DOMAIN, and the inbound webhook refuses
# every post it cannot verify with the provider's signing key.
VOC_REPLY_DOMAIN = _required("VOC_REPLY_DOMAIN")
if VOC_INBOUND_PROVIDER == "mailgun":
    ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = _required("MAILGUN_WEBHOOK_SIGNING_KEY")

# Web Push: the server's own VAPID key, never the development one shipped in base.py.
VOC_PUSH_VAPID_PRIVATE_KEY = _required("VOC_PUSH_VAPID_PRIVATE_KEY")
if VOC_PUSH_VAPID_PRIVATE_KEY == VOC_PUSH_DEV_VAPID_PRIVATE_KEY:
    raise ImproperlyConfigured(
        "VOC_PUSH_VAPID_PRIVATE_KEY is the development key: run `manage.py push_vapid_keys`."
    )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any peer. gunicorn sets
# the scheme from it only for FORWARDED_ALLOW_IPS (the TLS proxy), and Django reads that scheme.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1", "::1"])
VOC_TRUSTED_PROXIES = FORWARDED_ALLOW_IPS
REST_FRAMEWORK["NUM_PROXIES"] = 1 if VOC_TRUSTED_PROXIES else 0
VOC_METRICS_ALLOWED_IPS = env.list("VOC_METRICS_ALLOWED_IPS", default=[])
# Behind the proxy every peer is the proxy: the client from X-Forwarded-For, from it only (base).

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# The language choice travels only over HTTPS too, and never with cross-site requests' posts.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Ops staff sign in with a code from an authenticator app too (the admin refuses them without).
VOC_OPS_REQUIRE_2FA = True

# One JSON object a line for the log collector; request id and account id in every line.
LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["loggers"]["voc.request"] = {"level": "INFO"}
# Webhook endpoints are https:// only in production, whatever the environment says.
VOC_WEBHOOK_ALLOW_HTTP_LOCAL = False
