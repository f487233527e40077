"""Outbound webhooks' settings (voc_portal.webhooks, docs/store-integration.md > Webhooks),
imported by base.py once it has loaded the environment (.env included)."""

import environ

env = environ.Env()

# http:// endpoints on this machine (127.0.0.1, localhost): development and tests only.
VOC_WEBHOOK_ALLOW_HTTP_LOCAL = env.bool("VOC_WEBHOOK_ALLOW_HTTP_LOCAL", default=False)
# Seconds to connect / to wait for the receiver's answer; then the attempt counts as failed.
VOC_WEBHOOK_CONNECT_TIMEOUT = env.float("VOC_WEBHOOK_CONNECT_TIMEOUT", default=5.0)
VOC_WEBHOOK_READ_TIMEOUT = env.float("VOC_WEBHOOK_READ_TIMEOUT", default=10.0)
# Backoff between attempts of one delivery: base * 2^(n-1) seconds with jitter, capped.
VOC_WEBHOOK_RETRY_BASE_SECONDS = env.float("VOC_WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
VOC_WEBHOOK_RETRY_MAX_SECONDS = env.float("VOC_WEBHOOK_RETRY_MAX_SECONDS", default=3600.0)
# A delivery is given up (failed) after this many attempts (about 3 days with the defaults).
VOC_WEBHOOK_MAX_ATTEMPTS = env.int("VOC_WEBHOOK_MAX_ATTEMPTS", default=80)
# An endpoint is turned off (and its owners emailed) after this many consecutive failed
# attempts, once the first of them is at least this many hours old: both must hold.
VOC_WEBHOOK_DISABLE_AFTER_FAILURES = env.int("VOC_WEBHOOK_DISABLE_AFTER_FAILURES", default=10)
VOC_WEBHOOK_DISABLE_AFTER_HOURS = env.float("VOC_WEBHOOK_DISABLE_AFTER_HOURS", default=24.0)
# After a rotation the old secret signs too (a second signature) for this long.
VOC_WEBHOOK_ROTATION_GRACE_HOURS = env.float("VOC_WEBHOOK_ROTATION_GRACE_HOURS", default=24.0)
# A claimed delivery whose worker died is taken again after this long (> the task's limit).
VOC_WEBHOOK_LEASE_SECONDS = env.int("VOC_WEBHOOK_LEASE_SECONDS", default=120)
