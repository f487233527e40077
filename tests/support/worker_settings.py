"""Settings for the Celery worker/beat subprocesses the e2e tests start.

voc_portal.settings.test plus a few knobs from the environment (so each test can shape its worker):
the email backend, simulated provider failures, backoff and re-drive timings.
"""

from voc_portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = env("VOC_TEST_EMAIL_BACKEND", default=EMAIL_BACKEND)  # noqa: F405
VOC_TEST_EMAIL_FAILURES = env.int("VOC_TEST_EMAIL_FAILURES", default=0)  # noqa: F405
VOC_TEST_EMAIL_FAILURE_STATUS = env.int("VOC_TEST_EMAIL_FAILURE_STATUS", default=503)  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - let the test database go when we stop
