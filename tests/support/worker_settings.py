"""Settings for the Celery worker/beat subprocesses the e2e tests and `make faults` start.

voc_portal.settings.test plus a few knobs from the environment (so each test can shape its worker):
the email backend, simulated provider failures, backoff, lease, time limits and re-drive timings.
"""

from voc_portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = env("VOC_TEST_EMAIL_BACKEND", default=EMAIL_BACKEND)  # noqa: F405
VOC_TEST_EMAIL_FAILURES = env.int("VOC_TEST_EMAIL_FAILURES", default=0)  # noqa: F405
VOC_TEST_EMAIL_FAILURE_STATUS = env.int("VOC_TEST_EMAIL_FAILURE_STATUS", default=503)  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - let the test database go when we stop
# The lease must exceed the hard limit (voc_portal.mail.services.retry): the harness shrinks both.
CELERY_TASK_TIME_LIMIT = env.int("VOC_TEST_TASK_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT)  # noqa: F405
CELERY_TASK_SOFT_TIME_LIMIT = env.int(  # noqa: F405
    "VOC_TEST_TASK_SOFT_TIME_LIMIT",
    default=CELERY_TASK_SOFT_TIME_LIMIT,  # noqa: F405
)
# `make faults ARGS=--broker amqp://…` runs on a shared RabbitMQ: a queue of the run's own.
CELERY_TASK_DEFAULT_QUEUE = env("VOC_TEST_TASK_QUEUE", default="celery")  # noqa: F405
