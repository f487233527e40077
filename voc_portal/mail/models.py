"""The outbox: every outgoing email is a row written in the transaction that causes it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")

    # Unique per cause (e.g. "inquiry-reply:123"): queueing the same cause twice stores one row.
    dedupe_key = models.CharField(max_length=200, unique=True)
    # Fixed before the first attempt, so a retry is the same message to every mail client.
    message_id = models.CharField(max_length=250, unique=True)
    kind = models.CharField(max_length=60)
    to_email = models.EmailField()
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=2, default="en")
    from_email = models.CharField(max_length=254, blank=True)
    reply_to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_message_id = models.CharField(max_length=250, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A queued row is not claimed before this moment: the backoff after a transient provider error.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set just before a send starts, cleared once its outcome is known: a row claimed again with
    # it set (timeout, reset, a worker that died, a failed mark-sent) may have been accepted, and
    # the provider is asked before any resend (voc_portal.mail.providers).
    in_doubt_since = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        indexes = [
            # The re-drive sweep looks only at unfinished rows.
            models.Index(
                fields=["created_at"],
                name="outbound_unfinished_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(
                fields=["provider_message_id"],
                name="outbound_provider_id_idx",
                condition=~Q(provider_message_id=""),
            ),
            models.Index(fields=["to_email", "-created_at"], name="outbound_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.status})"

    @property
    def is_delivered_or_pending(self) -> bool:
        return self.status not in (self.Status.BOUNCED, self.Status.FAILED)
