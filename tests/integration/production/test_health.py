"""Probes, metrics, request logs and the make-run pages, through HTTP on the real stores."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from inquiries.models import InquiryEvent
from inquiries.tasks import inquiry_reminder_sweep_task
from tests.factories.inquiries import InquiryFactory
from voc_portal.core.client_ip import client_address
from voc_portal.health import store
from voc_portal.health.logging import JsonFormatter, RequestContextFilter, RouteOnlyFilter
from voc_portal.mail import services
from voc_portal.mail.backends import mask_address
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    # The client of the suite's Redis, kept: a test may point settings.REDIS_URL elsewhere.
    redis_client = store.client()
    keys = [store._key(store.WEBHOOK_FAILURES), store._key(store.SWEEPS)]
    redis_client.delete(*keys)
    yield
    redis_client.delete(*keys)


def _samples(body: bytes) -> dict[tuple[str, tuple], float]:
    samples = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _email(n: int, *, status=OutboundEmail.Status.QUEUED, age=timedelta(0)) -> OutboundEmail:
    return OutboundEmail.objects.create(
        dedupe_key=f"health-test:{n}",
        message_id=f"<health-{n}@voc.test>",
        kind="inquiry_reply",
        to_email=f"customer{n}@example.com",
        subject="Hello",
        body_text="Body",
        status=status,
        created_at=timezone.now() - age,
    )


# --- probes --------------------------------------------------------------------------------------


def test_healthz_answers_without_session_or_host_check_when_probed_by_address(client):
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies and "Vary" not in response
    # The same Host on a page is refused: the probe skipped the check on purpose.
    assert client.get("/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_probes_are_never_throttled_when_called_many_times(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1/min", "anon": "1/min"},
    }
    statuses = {client.get(p).status_code for p in ["/healthz", "/readyz"] * 5}
    assert statuses == {200}


def test_readyz_lists_each_check_when_everything_is_up(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {k: v["ok"] for k, v in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "migrations": True,
    }
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_503_and_names_the_migration_when_one_is_not_applied(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'mail' AND name = "
            "(SELECT max(name) FROM django_migrations WHERE app = 'mail')"
            " RETURNING name"
        )
        (name,) = cursor.fetchone()
    response = client.get("/readyz")
    assert response.status_code == 503
    migrations = response.json()["checks"]["migrations"]
    assert migrations["ok"] is False
    assert f"mail.{name}" in migrations["pending"]


def test_probes_answer_405_when_posted_to(client):
    response = client.post("/readyz", {"x": "1"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# --- metrics -------------------------------------------------------------------------------------


def test_metrics_are_refused_when_no_token_and_the_peer_came_through_the_proxy(client, settings):
    settings.VOC_METRICS_TOKEN = "scrape-token"
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ünïcode").status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/plain")


def test_metrics_are_refused_when_the_peer_is_not_in_the_allowed_networks(client, settings):
    settings.VOC_METRICS_TOKEN = ""
    settings.VOC_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="not-an-address").status_code == 403


def test_metrics_show_outbox_backlog_and_oldest_age_when_emails_wait(
    client, django_assert_max_num_queries
):
    _email(1, age=timedelta(minutes=30))
    _email(2)
    _email(3, status=OutboundEmail.Status.SENDING)
    _email(4, status=OutboundEmail.Status.SENT, age=timedelta(days=3))
    with django_assert_max_num_queries(3):
        response = client.get("/metrics")
    samples = _samples(response.content)
    assert samples[("voc_outbox_backlog", (("status", "queued"),))] == 2
    assert samples[("voc_outbox_backlog", (("status", "sending"),))] == 1
    assert 30 * 60 <= samples[("voc_outbox_oldest_unsent_age_seconds", ())] < 31 * 60
    assert samples[("voc_metrics_source_up", (("source", "database"),))] == 1


def test_metrics_count_escalations_of_the_last_hour_only_when_some_are_older():
    client = Client()
    for clock, age in (
        (1, timedelta(minutes=5)),
        (2, timedelta(minutes=50)),
        (3, timedelta(hours=2)),
    ):
        InquiryEvent.objects.create(
            inquiry=InquiryFactory(), kind=InquiryEvent.Kind.ESCALATED, clock=clock,
            created_at=timezone.now() - age,
        )  # fmt: skip
    samples = _samples(client.get("/metrics").content)
    assert samples[("voc_inquiry_escalations_last_hour", ())] == 2


def test_metrics_count_webhook_refusals_when_a_provider_post_is_rejected(client):
    for _ in range(2):
        response = client.post("/mail/tracking/mailgun/", "{}", content_type="application/json")
        assert response.status_code == 403
    samples = _samples(client.get("/metrics").content)
    key = ("voc_mail_webhook_failures_total", (("status", "403"), ("webhook", "tracking")))
    assert samples[key] == 2


def test_metrics_show_the_last_sweep_run_when_a_periodic_task_ran():
    before = timezone.now().timestamp()
    inquiry_reminder_sweep_task.apply()
    samples = _samples(Client().get("/metrics").content)
    sweep = (("sweep", "inquiry-reminder-sweep"),)
    assert samples[("voc_sweep_last_duration_seconds", sweep)] > 0
    assert samples[("voc_sweep_last_success_timestamp_seconds", sweep)] >= before


def test_metrics_still_answer_when_redis_is_down(client, settings):
    settings.REDIS_URL = "unix:///nonexistent/voc-health-test.sock"
    samples = _samples(client.get("/metrics").content)
    assert samples[("voc_metrics_source_up", (("source", "redis"),))] == 0
    assert samples[("voc_metrics_source_up", (("source", "database"),))] == 1


# --- logs --------------------------------------------------------------------------------------


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RouteOnlyFilter())
    loggers = [logging.getLogger(name) for name in ("voc.request", "django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_request_log_is_json_with_request_and_account_id_when_a_developer_asks(
    dev_client, developer, json_log
):
    response = dev_client.get("/dashboard/", HTTP_X_REQUEST_ID="req-0123456789")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-0123456789"
    (line,) = [r for r in json_log() if r["logger"] == "voc.request"]
    assert line["request_id"] == "req-0123456789"
    assert line["account_id"] == developer.account_id
    assert line["message"] == "GET /dashboard/ -> 200"
    assert line["level"] == "INFO" and "timestamp" in line and "duration_ms" in line
    assert developer.user.email not in json.dumps(line)


def test_request_log_names_the_route_not_the_path_when_the_path_holds_a_token(client, json_log):
    client.get("/refunds/consent/SECRET-TOKEN-abc123/?email=someone@example.com")
    client.get("/no-such-page/SECRET-TOKEN-abc123/")
    lines = json_log()
    assert lines
    text = json.dumps(lines)
    assert "SECRET-TOKEN" not in text and "someone@example.com" not in text


def test_request_id_is_replaced_when_the_client_sends_garbage(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nInjected: 1")
    assert response.status_code == 200
    assert "X-Request-ID" not in response  # the probe answers before the request context
    response = client.get("/login/", HTTP_X_REQUEST_ID="bad id\nInjected: 1")
    assert len(response["X-Request-ID"]) == 32 and "\n" not in response["X-Request-ID"]


def test_client_address_believes_forwarded_for_only_when_the_peer_is_the_proxy(settings):
    settings.VOC_TRUSTED_PROXIES = ["172.30.0.10"]  # = FORWARDED_ALLOW_IPS (settings)
    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(forged) == "203.0.113.9"
    proxied = factory.get(
        "/", REMOTE_ADDR="172.30.0.10", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert client_address(proxied) == "198.51.100.7"
    garbage = factory.get("/", REMOTE_ADDR="172.30.0.10", HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(garbage) == "172.30.0.10"


# --- make run: the project's own error pages with DEBUG on ---------------------------------------


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("boom/", _boom),
    path("ok/", lambda request: HttpResponse("ok")),
    path("", include("voc_portal.urls")),
]


@pytest.fixture
def local_pages(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.common.CommonMiddleware") + 1,
        "voc_portal.health.middleware.ProjectErrorPagesMiddleware",
    )
    settings.MIDDLEWARE = middleware
    return Client(raise_request_exception=False)


def test_unknown_page_shows_the_project_404_when_debug_is_on(local_pages):
    response = local_pages.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and "URLconf" not in content


def test_crash_shows_the_project_500_and_logs_the_traceback_when_debug_is_on(local_pages, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = local_pages.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


def test_missing_slash_still_redirects_when_the_project_pages_are_on(local_pages):
    response = local_pages.get("/ok")
    assert response.status_code == 301 and response["Location"] == "/ok/"


# --- make run: one line per email ----------------------------------------------------------------


def test_one_line_backend_logs_kind_and_masked_recipient_when_an_email_is_sent(settings, caplog):
    from django.core import mail

    settings.EMAIL_BACKEND = "voc_portal.mail.backends.OneLineConsoleBackend"
    email = _email(7)
    with caplog.at_level(logging.INFO, logger="voc_portal.mail.sent"):
        services.outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.provider_message_id
    (record,) = [r for r in caplog.records if r.name == "voc_portal.mail.sent"]
    line = record.getMessage()
    assert line == f"email sent: kind=inquiry_reply to=c…7@e…e.com outbox={email.pk}"
    assert "Body" not in line and mail.outbox == []


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("customer@example.com", "c…r@e…e.com"),
        ("ab@x.io", "ab@x.io"),
        ("dev@demo.voc", "d…v@d…o.voc"),
        ("not-an-address", "…"),
    ],
)
def test_mask_address_keeps_first_and_last_letters_when_masking(address, masked):
    assert mask_address(address) == masked
