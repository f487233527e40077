"""Settings shared by every environment. One `environ.Env()`, values from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from .api_schema import SPECTACULAR_SETTINGS  # noqa: F401  (a setting: the API's schema)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# templates/, static/ and locale/ sit at the repository root in a checkout; the wheel carries them
# inside the package as voc_portal/_site/ (pyproject.toml), so an installed portal needs no tree.
_PACKAGED_SITE = BASE_DIR / "voc_portal" / "_site"
SITE_DIR = _PACKAGED_SITE if _PACKAGED_SITE.is_dir() else BASE_DIR

env = environ.Env()
# A local .env is a convenience for development only; production reads the real environment.
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("VOC_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anymail",
    "voc_portal.accounts.thirdparty.AxesConfig",
    "csp",
    "django_otp",
    "voc_portal.accounts.thirdparty.OtpTotpConfig",
    "voc_portal.accounts.thirdparty.OtpStaticConfig",
    "voc_portal.core",
    "voc_portal.accounts",
    "voc_portal.catalog",
    "voc_portal.mail",
    "voc_portal.replies",
    "voc_portal.savedviews",
    "voc_portal.push",
    "inquiries",
    "reviews",
    "refunds",
    "voc_portal.api",
    "insights",
    "voc_portal.store",
    "voc_portal.webhooks",
    "voc_portal.privacy",
    "voc_portal.demo",
    "voc_portal.health",
]

MIDDLEWARE = [
    # /healthz, /readyz, /metrics: before sessions, host checks, throttles and the HTTPS redirect.
    "voc_portal.health.middleware.ProbeMiddleware",
    "voc_portal.health.middleware.RequestContextMiddleware",
    # /api/ body size and JSON depth, answered in the API's error shape before anything reads it.
    "voc_portal.api.parsers.ApiRequestLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After a member's write, their routed reads wait for the replica (no-op without one).
    "voc_portal.core.routers.ReadYourWritesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "voc_portal.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "voc_portal.accounts.middleware.CurrentAccountMiddleware",
    "voc_portal.health.middleware.WebhookOutcomeMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "voc_portal.urls"
WSGI_APPLICATION = "voc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voc_portal.accounts.context_processors.current_account",
            ],
        },
    },
]
FORM_RENDERER = "voc_portal.core.renderers.WidgetRenderer"  # widgets without templates (issue 13)

# --- Data stores -------------------------------------------------------------------------------
# DATABASE_URL / REDIS_URL are always set by the time Django starts: either by the operator or by
# `python -m voc_portal.devstack`, which starts the embedded PostgreSQL and Redis.
# PgBouncer (DATABASE_POOLER), the replica (DATABASE_REPLICA_URL): settings/databases.py.
from .databases import *  # noqa: E402

DATABASES = databases(env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/voc"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")


def celery_redis_url(url: str) -> str:
    # kombu spells Redis over a unix socket "redis+socket://"; redis-py spells it "unix://".
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CACHES = {
    "default": {
        # Falls back to a per-process cache while Redis is down (throttles, fragments: disposable).
        "BACKEND": "voc_portal.core.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("VOC_CACHE_PREFIX", default="voc"),
    }
}

# --- Auth --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "voc_portal.accounts.backends.PasswordBackend",
    "voc_portal.store.oidc.StoreOIDCBackend",  # answers no one until OIDC_* are set (store.py)
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed-login throttling: 5 failures per username+IP lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# The client behind a trusted proxy only (voc_portal.core.client_ip), as for the API throttles.
AXES_CLIENT_IP_CALLABLE = "voc_portal.core.client_ip.client_address"

# Two-factor sign-in (voc_portal.accounts.two_factor): optional for developers; ops staff must
# enrol before the admin when this is on (production turns it on).
VOC_OPS_REQUIRE_2FA = env.bool("VOC_OPS_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "VOC Portal"

# --- I18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The store's language: new users (customers first) read pages and mail in it until they choose
# (voc_portal.accounts.language); their browser's Accept-Language wins at the first sign-in.
VOC_DEFAULT_LANGUAGE = env("VOC_DEFAULT_LANGUAGE", default="ko")
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Security headers --------------------------------------------------------------------------
# Everything a page loads is served by the app itself: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Email: voc_portal/settings/mail.py (imported below) -------------------------------------
# An invitation link to join a team works this many days (accounts.team).
VOC_INVITATION_MAX_AGE_DAYS = env.int("VOC_INVITATION_MAX_AGE_DAYS", default=7)
# A member counts as viewing a thread this long after the page last said so (inquiries.presence).
VOC_PRESENCE_TTL_SECONDS = env.int("VOC_PRESENCE_TTL_SECONDS", default=30)

# --- Product rules -----------------------------------------------------------------------------
VOC_ANSWER_DEADLINE = timedelta(hours=env.float("VOC_ANSWER_DEADLINE_HOURS", default=72))
VOC_REMINDERS_BEFORE = [
    timedelta(hours=float(h)) for h in env.list("VOC_REMINDER_HOURS", default=["24", "6"])
]
VOC_OFFICIAL_REPLY_MAX_LENGTH = env.int("VOC_OFFICIAL_REPLY_MAX_LENGTH", default=1000)
# Ops get one escalation digest per sweep: the "Operations" group's users, else this address.
VOC_OPS_EMAIL = env("VOC_OPS_EMAIL", default="")
# How long a customer's consent link (refunds) stays usable.
VOC_CONSENT_LINK_TTL = timedelta(days=env.int("VOC_CONSENT_LINK_DAYS", default=7))

# --- Celery ------------------------------------------------------------------------------------
# Redis by default; CELERY_BROKER_URL=amqp://… runs on RabbitMQ instead (docs/email.md: both are
# covered by `make faults`).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=celery_redis_url(REDIS_URL))
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a dead Redis must fail fast: the outbox keeps the row and beat re-drives it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # An unreachable (not just refusing) broker host must not hang a request either.
    "socket_connect_timeout": 3,
}
# Reviewed periodic work. Every task is safe to run concurrently and twice.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "mail-redrive": {
        "task": "voc_portal.mail.tasks.outbound_email_redrive_task",
        "schedule": env.float("VOC_EMAIL_REDRIVE_EVERY_SECONDS", default=60.0),
    },
    # Billing calls whose task was lost (broker down) or whose worker died (voc_portal.store).
    "store-billing-redrive": {
        "task": "voc_portal.store.tasks.billing_call_redrive_task",
        "schedule": env.float("VOC_STORE_BILLING_REDRIVE_EVERY_SECONDS", default=60.0),
    },
    # Webhook deliveries whose task was lost or whose worker died (voc_portal.webhooks).
    "webhook-redrive": {
        "task": "voc_portal.webhooks.tasks.webhook_delivery_redrive_task",
        "schedule": env.float("VOC_WEBHOOK_REDRIVE_EVERY_SECONDS", default=60.0),
    },
    # Review alerts: each app's rating snapshot of the day and the drop alert (reviews.alerts).
    "review-rating-drop-sweep": {
        "task": "reviews.tasks.rating_drop_sweep_task",
        "schedule": env.float("VOC_RATING_DROP_SWEEP_EVERY_SECONDS", default=86400.0),
    },
    # The 3-day rule: race-free set-based sweeps (inquiries/escalation.py); overlap is harmless.
    "inquiry-escalation-sweep": {
        "task": "inquiries.tasks.inquiry_escalation_sweep_task",
        "schedule": env.float("VOC_ESCALATION_SWEEP_EVERY_SECONDS", default=120.0),
    },
    "inquiry-reminder-sweep": {
        "task": "inquiries.tasks.inquiry_reminder_sweep_task",
        "schedule": env.float("VOC_REMINDER_SWEEP_EVERY_SECONDS", default=300.0),
    },
    # Stored Idempotency-Key responses are kept for VOC_IDEMPOTENCY_TTL (voc_portal.api).
    "api-idempotency-purge": {
        "task": "voc_portal.api.tasks.idempotency_record_purge_task",
        "schedule": 3600.0,
    },
    # Personal data of closed cases destroyed after VOC_RETENTION_DAYS (voc_portal.privacy).
    "privacy-retention-sweep": {
        "task": "voc_portal.privacy.tasks.privacy_retention_sweep_task",
        "schedule": env.float("VOC_RETENTION_SWEEP_EVERY_SECONDS", default=86400.0),
    },
}

# Days after an inquiry is closed / a refund request decided until its attachments and payment
# identifiers are destroyed (docs/privacy.md).
VOC_RETENTION_DAYS = env.int("VOC_RETENTION_DAYS", default=365)

# --- Email wording (docs/email.md) ---------------------------------------------------------------
# What the refund-approved email promises: the amount is back on the customer's payment method
# within this many business days of the approval (the store's card settlement rule).
VOC_REFUND_BUSINESS_DAYS = env.int("VOC_REFUND_BUSINESS_DAYS", default=3)
# An official reply edited again within this quiet period is one email, with the latest text,
# sent this many seconds after the last edit (reviews.services.replies).
VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS = env.int("VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS", default=120)

# --- REST API ----------------------------------------------------------------------------------
# Personal bearer tokens only (no session auth: no CSRF surface); JSON in, JSON out; one error
# shape (voc_portal.api.errors). Throttles: per token, and per address for anonymous requests.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["voc_portal.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["voc_portal.api.authentication.HasMemberToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["voc_portal.api.parsers.LimitedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "voc_portal.api.throttling.TokenRateThrottle",
        "voc_portal.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("VOC_API_TOKEN_RATE", default="120/min"),
        "anon": env("VOC_API_ANON_RATE", default="20/min"),
        "device_sign_in": env("VOC_DEVICE_SIGN_IN_RATE", default="10/min"),  # per address
        # The Store API (voc_portal.store): per signing key; the bulk import has its own budget.
        "store": env("VOC_STORE_API_RATE", default="1200/min"),
        "store_import": env("VOC_STORE_IMPORT_RATE", default="30/hour"),
    },
    "EXCEPTION_HANDLER": "voc_portal.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Request limits (voc_portal.api.parsers): API bodies are short texts; 413 / 400 beyond these.
VOC_API_MAX_BODY_BYTES = env.int("VOC_API_MAX_BODY_BYTES", default=1024 * 1024)
VOC_API_MAX_JSON_DEPTH = env.int("VOC_API_MAX_JSON_DEPTH", default=32)

# --- Email (voc_portal.mail) and the store (voc_portal.store): their own modules --------------
from .mail import *  # noqa: E402
from .store import *  # noqa: E402
from .webhooks import *  # noqa: E402

# --- Operations (voc_portal.health, docs/operations.md) ----------------------------------------
# The TLS proxy's addresses: the only peers whose X-Forwarded-* we believe. gunicorn reads the same
# variable for the scheme (X-Forwarded-Proto); production.py for the client address.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=[])
# The app's side of the same rule (voc_portal.core.client_ip): X-Forwarded-For's last hop is the
# client only when the peer is one of these. One list by construction, so gunicorn and the
# throttles never disagree about who the proxy is; production.py sets both again.
VOC_TRUSTED_PROXIES = FORWARDED_ALLOW_IPS
# Our throttles resolve the client through core.client_ip; DRF's NUM_PROXIES says the same for any
# DRF code that reads it (one proxy hop when a proxy is trusted, else none: REMOTE_ADDR).
REST_FRAMEWORK["NUM_PROXIES"] = 1 if VOC_TRUSTED_PROXIES else 0
# /metrics: a bearer token, or a direct peer in these networks (never one that came via the proxy).
VOC_METRICS_TOKEN = env("VOC_METRICS_TOKEN", default="")
VOC_METRICS_ALLOWED_IPS = env.list("VOC_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "voc_portal.health.logging.RequestContextFilter"},
        "route_only": {"()": "voc_portal.health.logging.RouteOnlyFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "voc_portal.health.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context", "route_only"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # One line per request; runserver logs requests itself, production turns this on.
        "voc.request": {"level": "WARNING"},
    },
}
