"""Prometheus metrics for alerting, read at scrape time (docs/operations.md, "What to alert on").

The domain gauges come from the tables themselves, so every web process reports the same numbers
and nothing has to be kept in step; each query is bounded by an index (see the comments).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import redis
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Min
from django.db.utils import DatabaseError
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from inquiries.models import InquiryEvent
from voc_portal.mail.models import OutboundEmail

from . import store

UNFINISHED = [OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING]


class DomainCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "voc_metrics_source_up", "1 when the source could be read for this scrape.", None,
            labels=["source"],
        )  # fmt: skip
        try:
            yield from self._outbox()
            yield from self._escalations()
            up.add_metric(["database"], 1)
        except DatabaseError:
            connections[DEFAULT_DB_ALIAS].close()  # see probes._database
            up.add_metric(["database"], 0)
        try:
            yield from self._webhooks()
            yield from self._sweeps()
            up.add_metric(["redis"], 1)
        except (redis.RedisError, OSError):
            up.add_metric(["redis"], 0)
        yield up

    def _outbox(self) -> Iterator[Metric]:
        # Both read only unfinished rows: the partial index outbound_unfinished_idx.
        rows = dict(
            OutboundEmail.objects.filter(status__in=UNFINISHED)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        backlog = GaugeMetricFamily(
            "voc_outbox_backlog", "Emails not yet handed to the provider.", labels=["status"]
        )
        for status in UNFINISHED:
            backlog.add_metric([status], rows.get(status, 0))
        yield backlog
        oldest = OutboundEmail.objects.filter(status__in=UNFINISHED).aggregate(
            oldest=Min("created_at")
        )["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "voc_outbox_oldest_unsent_age_seconds",
            "Age of the oldest queued or sending email (0 when none).",
            value=age,
        )

    def _escalations(self) -> Iterator[Metric]:
        # Escalated events only: the partial unique index inquiry_one_escalation_per_clock.
        since = timezone.now() - timedelta(hours=1)
        count = InquiryEvent.objects.filter(
            kind=InquiryEvent.Kind.ESCALATED, created_at__gte=since
        ).count()
        yield GaugeMetricFamily(
            "voc_inquiry_escalations_last_hour",
            "Inquiries escalated to store operations in the last hour.",
            value=count,
        )

    def _webhooks(self) -> Iterator[Metric]:
        failures = CounterMetricFamily(
            "voc_mail_webhook_failures",
            "Provider webhook posts answered with an error, by webhook and status.",
            labels=["webhook", "status"],
        )
        for field, value in sorted(store.read(store.WEBHOOK_FAILURES).items()):
            webhook, _, status = field.partition("|")
            failures.add_metric([webhook, status], float(value))
        yield failures

    def _sweeps(self) -> Iterator[Metric]:
        families = {
            "duration": GaugeMetricFamily(
                "voc_sweep_last_duration_seconds", "Duration of the last run.", labels=["sweep"]
            ),
            "finished": GaugeMetricFamily(
                "voc_sweep_last_run_timestamp_seconds",
                "When the last run ended (success or not).",
                labels=["sweep"],
            ),
            "succeeded": GaugeMetricFamily(
                "voc_sweep_last_success_timestamp_seconds",
                "When the last successful run ended.",
                labels=["sweep"],
            ),
        }
        failures = CounterMetricFamily("voc_sweep_failures", "Runs that raised.", labels=["sweep"])
        for field, value in sorted(store.read(store.SWEEPS).items()):
            sweep, _, what = field.partition("|")
            if what == "failures":
                failures.add_metric([sweep], float(value))
            elif what in families:
                families[what].add_metric([sweep], float(value))
        yield from families.values()
        yield failures


def render() -> bytes:
    # A registry of our own: no per-process defaults that differ between gunicorn workers.
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DomainCollector())
    return generate_latest(registry)
