"""Email settings (voc_portal.mail, docs/email.md), imported by base.py once it has loaded the
environment (.env included): the outbox, its provider and the reply-by-email addresses."""

import environ

env = environ.Env()

# Every message goes through the outbox (voc_portal.mail) and then this anymail backend. The
# default prints mail; the outbox rows stay readable in admin and at /dev/mailbox/ when DEBUG.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="anymail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="VOC Portal <noreply@voc.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Only for DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (e.g. mailpit in
# docker-compose); the anymail backends ignore these.
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
ANYMAIL = {
    # The inbound and tracking webhooks check this shared secret (HTTP basic auth).
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="dev-webhook:dev-secret"),
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY", default=""),
    "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
    # The EU region is https://api.eu.mailgun.net/v3; the fault harness points it at a local fake.
    "MAILGUN_API_URL": env("MAILGUN_API_URL", default="https://api.mailgun.net/v3"),
    # A send that outlives this is ambiguous (the provider may have accepted it): the outbox asks
    # the provider before resending (voc_portal.mail.providers). Must stay well under the lease.
    "REQUESTS_TIMEOUT": env.float("ANYMAIL_REQUESTS_TIMEOUT", default=20.0),
}
VOC_REPLY_DOMAIN = env("VOC_REPLY_DOMAIN", default="reply.voc.example")
# The anymail provider whose inbound and tracking webhooks /mail/{inbound,tracking}/<p>/ serve.
VOC_INBOUND_PROVIDER = env("VOC_INBOUND_PROVIDER", default="mailgun")
# Reply addresses (voc_portal.mail.reply_tokens) work this long after they were sent; an answer
# to an older one gets a polite bounce with the way to answer instead.
VOC_REPLY_TOKEN_MAX_AGE_DAYS = env.int("VOC_REPLY_TOKEN_MAX_AGE_DAYS", default=180)
# Webhook replay protection (voc_portal.mail.webhook_replay): the accepted clock skew either way.
VOC_WEBHOOK_MAX_SKEW_SECONDS = env.int("VOC_WEBHOOK_MAX_SKEW_SECONDS", default=300)
# Outbox sending (voc_portal.mail.services): backoff for transient provider errors, attempts,
# the lease of a claimed row (must exceed CELERY_TASK_TIME_LIMIT) and the re-drive's grace.
VOC_EMAIL_RETRY_BASE_SECONDS = env.float("VOC_EMAIL_RETRY_BASE_SECONDS", default=10.0)
VOC_EMAIL_RETRY_MAX_SECONDS = env.float("VOC_EMAIL_RETRY_MAX_SECONDS", default=900.0)
VOC_EMAIL_MAX_ATTEMPTS = env.int("VOC_EMAIL_MAX_ATTEMPTS", default=8)
VOC_EMAIL_SENDING_LEASE_SECONDS = env.float("VOC_EMAIL_SENDING_LEASE_SECONDS", default=300.0)
VOC_EMAIL_REDRIVE_GRACE_SECONDS = env.float("VOC_EMAIL_REDRIVE_GRACE_SECONDS", default=60.0)
# A batch send task (outbound_email_send_many_task) starts no new send after this long and hands
# the rest to a new task: well within CELERY_TASK_SOFT_TIME_LIMIT.
VOC_EMAIL_SEND_MANY_BUDGET_SECONDS = env.float("VOC_EMAIL_SEND_MANY_BUDGET_SECONDS", default=60.0)
# Recording "sent" is retried this long through database trouble (within the soft time limit).
VOC_EMAIL_MARK_SENT_RETRY_SECONDS = env.float("VOC_EMAIL_MARK_SENT_RETRY_SECONDS", default=30.0)
# An in-doubt row is resent only if the provider has no record of it this long after the attempt.
VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS = env.float("VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS", default=60.0)
