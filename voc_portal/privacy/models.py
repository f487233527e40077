"""Audit of the data lifecycle: one row per sweep, saying what it destroyed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LifecycleRun(models.Model):
    class Kind(models.TextChoices):
        RETENTION = "retention", _("Retention sweep")
        ERASURE = "erasure", _("Customer erasure")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    ran_at = models.DateTimeField(default=timezone.now)
    cutoff = models.DateTimeField()
    # What was destroyed, per domain: {"refund_identifiers": n, "inquiry_attachments": n}.
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("data lifecycle run")
        verbose_name_plural = _("data lifecycle runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.ran_at:%Y-%m-%d %H:%M}"
