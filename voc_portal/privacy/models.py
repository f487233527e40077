"""Audit of the data lifecycle: one row per sweep, saying what it destroyed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LifecycleRun(models.Model):
    class Kind(models.TextChoices):
        RETENTION = "retention", _("Retention sweep")
        ERASURE = "erasure", _("Customer erasure")

    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    ran_at = models.DateTimeField(default=timezone.now, verbose_name=_("ran at"))
    cutoff = models.DateTimeField(verbose_name=_("cutoff"))
    # What was destroyed, per domain: {"refund_identifiers": n, "inquiry_attachments": n}.
    counts = models.JSONField(default=dict, verbose_name=_("counts"))

    class Meta:
        verbose_name = _("data lifecycle run")
        verbose_name_plural = _("data lifecycle runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.ran_at:%Y-%m-%d %H:%M}"
