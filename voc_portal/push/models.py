"""Web Push: the devices that subscribed, what each member wants pushed, and the push outbox.

A push is a row (`PushMessage`) written in the transaction of the event that causes it, like an
outgoing email (voc_portal.mail): a unique dedupe key per (event, subscription), sent by a task,
retried with a backoff, re-driven by beat. See docs/push.md.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Membership

# RFC 8030 push service URLs are long opaque paths (FCM's are ~190 characters).
ENDPOINT_MAX = 1000


class PushKind(models.TextChoices):
    """What a member can have pushed; each is on until the member turns it off."""

    INQUIRY_CREATED = "inquiry_created", _("New inquiry")
    REMINDER = "reminder", _("Reply deadline reminder")
    ESCALATED = "escalated", _("Escalated to store operations")
    LOW_REVIEW = "low_review", _("New review of 2 stars or fewer")
    ASSIGNED = "assigned", _("Inquiry assigned to me")


class PushSubscription(models.Model):
    """One browser's push subscription (PushSubscription.toJSON() in the app), for one member."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("membership"),
    )
    endpoint = models.URLField(max_length=ENDPOINT_MAX, unique=True, verbose_name=_("endpoint"))
    # The browser's P-256 public key and auth secret (RFC 8291), base64url as the browser gives.
    p256dh = models.CharField(max_length=100, verbose_name=_("public key (p256dh)"))
    auth = models.CharField(max_length=40, verbose_name=_("auth secret"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["membership"], name="push_sub_membership_idx")]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.endpoint[:60]}"


class PushOptOut(models.Model):
    """A kind a member turned off. No row: the kind is on (every kind is on by default)."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="push_opt_outs",
        verbose_name=_("membership"),
    )
    kind = models.CharField(max_length=30, choices=PushKind.choices, verbose_name=_("kind"))

    class Meta:
        verbose_name = _("push notification turned off")
        verbose_name_plural = _("push notifications turned off")
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind"], name="push_opt_out_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=PushKind.values), name="push_opt_out_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.kind} off"


class PushMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The push service said the subscription no longer exists (404/410): it was removed.
        GONE = "gone", _("Subscription gone")

    # "<event key>:<subscription id>": queueing the same event twice stores one row per device.
    dedupe_key = models.CharField(max_length=200, unique=True, verbose_name=_("dedupe key"))
    subscription = models.ForeignKey(
        PushSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("push subscription"),
    )
    kind = models.CharField(max_length=30, choices=PushKind.choices, verbose_name=_("kind"))
    # {"title", "body", "url", "tag"}, rendered in the member's language when queued.
    payload = models.JSONField(verbose_name=_("payload"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        verbose_name=_("delivery status"),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("push message")
        verbose_name_plural = _("push messages")
        indexes = [
            # The re-drive sweep looks only at unfinished rows.
            models.Index(
                fields=["next_attempt_at"],
                name="push_unfinished_idx",
                condition=Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscription_id} ({self.status})"
