"""The outbox: every outgoing email is a row written in the transaction that causes it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .context import RenderContextEncoder


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")

    # Unique per cause (e.g. "inquiry-reply:123"): queueing the same cause twice stores one row.
    dedupe_key = models.CharField(max_length=200, unique=True, verbose_name=_("dedupe key"))
    # Fixed before the first attempt, so a retry is the same message to every mail client.
    message_id = models.CharField(max_length=250, unique=True, verbose_name=_("message ID"))
    kind = models.CharField(max_length=60, verbose_name=_("kind"))
    to_email = models.EmailField(verbose_name=_("recipient"))
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient user"),
    )
    language = models.CharField(max_length=2, default="en", verbose_name=_("language"))
    from_email = models.CharField(max_length=254, blank=True, verbose_name=_("sender"))
    reply_to = models.CharField(max_length=254, blank=True, verbose_name=_("reply-to address"))
    subject = models.CharField(max_length=255, verbose_name=_("subject"))
    body_text = models.TextField(verbose_name=_("text body"))
    body_html = models.TextField(blank=True, verbose_name=_("HTML body"))
    headers = models.JSONField(default=dict, blank=True, verbose_name=_("headers"))
    # A deferred email (services.compose): the template and the JSON-safe context the sender
    # renders on its first claim; render_context is null once subject and bodies are stored.
    template = models.CharField(max_length=100, blank=True, verbose_name=_("template"))
    render_context = models.JSONField(
        null=True, blank=True, encoder=RenderContextEncoder, verbose_name=_("context to render")
    )

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        verbose_name=_("delivery status"),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    provider_message_id = models.CharField(
        max_length=250, blank=True, verbose_name=_("provider message ID")
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    # A queued row is not claimed before this moment: the backoff after a transient provider error.
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    # Set just before a send starts, cleared once its outcome is known: a row claimed again with
    # it set (timeout, reset, a worker that died, a failed mark-sent) may have been accepted, and
    # the provider is asked before any resend (voc_portal.mail.providers).
    in_doubt_since = models.DateTimeField(null=True, blank=True, verbose_name=_("in doubt since"))
    status_changed_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("status changed at")
    )

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
    def is_rendered(self) -> bool:
        return self.render_context is None

    @property
    def is_delivered_or_pending(self) -> bool:
        return self.status not in (self.Status.BOUNCED, self.Status.FAILED)
