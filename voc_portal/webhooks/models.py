"""Outbound webhooks of a developer account: endpoints, the delivery outbox and its log.

An `Endpoint` names a URL, the event types it wants, a body format (Standard Webhooks JSON or a
Slack incoming-webhook `{"text": …}`) and a signing secret. Each event is one `Delivery` row per
subscribed endpoint, written in the transaction that causes the event, unique per
(endpoint, dedupe_key): exactly once per event per endpoint. A task claims and sends it; every
try is a `DeliveryAttempt` (the log the developer sees).
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voc_portal.accounts.models import DeveloperAccount, User


class EventType(models.TextChoices):
    INQUIRY_CREATED = "inquiry.created", _("New inquiry")
    INQUIRY_DUE_SOON = "inquiry.due_soon", _("Inquiry falling due")
    INQUIRY_ESCALATED = "inquiry.escalated", _("Inquiry escalated to store operations")
    INQUIRY_ANSWERED = "inquiry.answered", _("Inquiry answered")
    REVIEW_CREATED = "review.created", _("New review")
    REVIEW_UPDATED = "review.updated", _("Review edited")
    REFUND_STATE_CHANGED = "refund.state_changed", _("Refund request changed state")


# Not a subscribable type: the "Send test event" button's event, to one endpoint.
TEST_EVENT = "webhook.test"


class Format(models.TextChoices):
    STANDARD = "standard", _("Standard Webhooks (JSON)")
    SLACK = "slack", _("Slack incoming webhook")


def _msg_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(models.Model):
    class DisabledReason(models.TextChoices):
        FAILING = "failing", _("Deliveries kept failing")
        BY_MEMBER = "member", _("Turned off by a member")

    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("developer account"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=120, blank=True, default="")
    events = ArrayField(
        models.CharField(max_length=40, choices=EventType.choices), verbose_name=_("events")
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.STANDARD
    )
    # The language of the Slack text (a Standard Webhooks body has no prose).
    language = models.CharField(_("language"), max_length=10, default="ko")
    # whsec_<base64>: the receiver's copy of it verifies every body. Shown once (creation,
    # rotation); the previous one still signs too until `previous_secret_until`.
    secret = models.CharField(_("signing secret"), max_length=80)
    previous_secret = models.CharField(max_length=80, blank=True, default="")
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_at = models.DateTimeField(_("disabled since"), null=True, blank=True)
    disabled_reason = models.CharField(
        _("reason"), max_length=10, choices=DisabledReason.choices, blank=True, default=""
    )
    # Consecutive failed attempts (any delivery) and when the streak began; reset by a success.
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["account", "enabled"], name="webhook_endpoint_account_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enabled=True) | models.Q(disabled_at__isnull=False),
                name="webhook_endpoint_disabled_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one endpoint: the outbox row. Its body and webhook-id are fixed when
    written, so every retry is the same message (the receiver dedupes on webhook-id)."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("webhook", "Pending")
        SENDING = "sending", pgettext_lazy("webhook", "Sending")
        DELIVERED = "delivered", pgettext_lazy("webhook", "Delivered")
        FAILED = "failed", pgettext_lazy("webhook", "Failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_type = models.CharField(_("event"), max_length=40)
    # One per event and endpoint: "inquiry.created:42", "inquiry.due_soon:42:1", "test:<uuid>".
    dedupe_key = models.CharField(max_length=120)
    msg_id = models.CharField(max_length=40, unique=True, default=_msg_id)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"], name="webhook_delivery_once_per_endpoint"
            )
        ]
        indexes = [
            # The re-drive looks only at unfinished rows.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_unfinished_idx",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try of a delivery: the delivery log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField(_("time"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True, default="")
    body_excerpt = models.CharField(_("response"), max_length=300, blank=True, default="")
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    ok = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("webhook delivery attempt")
        verbose_name_plural = _("webhook delivery attempts")
        indexes = [
            models.Index(
                fields=["endpoint", "-attempted_at", "-id"], name="webhook_attempt_log_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
