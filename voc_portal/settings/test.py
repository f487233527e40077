"""Test settings: real PostgreSQL and Redis, anymail's test backend, fast hashing."""

from .base import *
from .push import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
# Each test run gets its own cache prefix so parallel runs never see each other's keys.
CACHES["default"]["KEY_PREFIX"] = env("VOC_CACHE_PREFIX", default="voc-test")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
# Tasks are published to the real Redis broker; tests that need them run a real worker.
CELERY_TASK_ALWAYS_EAGER = False
AXES_FAILURE_LIMIT = 3
# The local push service of the tests (tests/support/push_service.py) speaks plain HTTP.
VOC_PUSH_ALLOW_HTTP_ENDPOINTS = True
# The webhook receiver of the tests (tests/support/webhook_receiver.py) listens on 127.0.0.1.
VOC_WEBHOOK_ALLOW_HTTP_LOCAL = True
