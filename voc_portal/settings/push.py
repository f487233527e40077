"""Web Push settings (voc_portal.push, docs/push.md); every settings layer adds them after base.

`from .push import *` right after `from .base import *` (local, test, production): base.py is at
its size limit, and these settings are one concern.
"""

from .base import CELERY_BEAT_SCHEDULE, env

# The VAPID private key (raw P-256 scalar, base64url; `manage.py push_vapid_keys` makes one). This
# default is for development and tests only: production refuses it and has no default.
VOC_PUSH_DEV_VAPID_PRIVATE_KEY = "ru0itTIGiQE2wgXbGUQNzxxvbHjLHXqAqZyy5W_V--o"
VOC_PUSH_VAPID_PRIVATE_KEY = env(
    "VOC_PUSH_VAPID_PRIVATE_KEY", default=VOC_PUSH_DEV_VAPID_PRIVATE_KEY
)
# The `sub` claim: how a push service reaches the operator of this server (RFC 8292 §2.1).
VOC_PUSH_VAPID_SUBJECT = env("VOC_PUSH_VAPID_SUBJECT", default="mailto:ops@voc.example")
# Subscription endpoints must be https://; tests and the demo's local push service use http://.
VOC_PUSH_ALLOW_HTTP_ENDPOINTS = env.bool("VOC_PUSH_ALLOW_HTTP_ENDPOINTS", default=False)
# How long a push service keeps an undelivered push for an offline device (the TTL header).
VOC_PUSH_TTL_SECONDS = env.int("VOC_PUSH_TTL_SECONDS", default=24 * 3600)
# A request to the push service that outlives this counts as failed and is retried.
VOC_PUSH_TIMEOUT_SECONDS = env.float("VOC_PUSH_TIMEOUT_SECONDS", default=10.0)
# Retries after 429/5xx/connection errors: exponential backoff from BASE, capped at MAX.
VOC_PUSH_RETRY_BASE_SECONDS = env.float("VOC_PUSH_RETRY_BASE_SECONDS", default=10.0)
VOC_PUSH_RETRY_MAX_SECONDS = env.float("VOC_PUSH_RETRY_MAX_SECONDS", default=900.0)
VOC_PUSH_MAX_ATTEMPTS = env.int("VOC_PUSH_MAX_ATTEMPTS", default=6)
# A claimed row whose worker died is taken again after this long (> CELERY_TASK_TIME_LIMIT).
VOC_PUSH_SENDING_LEASE_SECONDS = env.int("VOC_PUSH_SENDING_LEASE_SECONDS", default=300)

# The re-drive leaves a queued row alone until it is this overdue (its task is on the way).
VOC_PUSH_REDRIVE_GRACE_SECONDS = env.int("VOC_PUSH_REDRIVE_GRACE_SECONDS", default=30)
# Pushes left queued (the broker was down) or stuck sending (a worker died) are handed out again.
CELERY_BEAT_SCHEDULE["push-redrive"] = {
    "task": "voc_portal.push.tasks.push_message_redrive_task",
    "schedule": env.float("VOC_PUSH_REDRIVE_EVERY_SECONDS", default=60.0),
}
