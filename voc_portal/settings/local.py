"""Local development: `make run`."""

from .base import *
from .push import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# One line per email on the worker's console; the whole message is at /mail/dev/.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="voc_portal.mail.backends.OneLineConsoleBackend"
)
# The project's own 404 and 500 pages, as in production, with DEBUG's other conveniences kept.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
    "voc_portal.health.middleware.ProjectErrorPagesMiddleware",
)
# The worker's console: one line per email (above) and warnings, not three lines per task.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
LOGGING["loggers"]["celery.worker.strategy"] = {"level": "WARNING"}
# Webhook endpoints on this machine may be http:// (a local receiver while developing).
VOC_WEBHOOK_ALLOW_HTTP_LOCAL = env.bool("VOC_WEBHOOK_ALLOW_HTTP_LOCAL", default=True)
