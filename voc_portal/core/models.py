"""Abstract shapes shared by the domain apps (no tables of its own)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One row per transition or notable fact of a domain object: the same shape in every app.

    A subclass adds the foreign key to its subject and `choices` for `kind`. A transition sets
    `from_state` and `to_state`; a fact (a note, a reminder, an edit) leaves them blank and says
    what happened in `kind`, with details in `data` and people's words in `note`.
    """

    kind = models.CharField(_("kind"), max_length=24)
    from_state = models.CharField(_("from state"), max_length=24, blank=True, default="")
    to_state = models.CharField(_("to state"), max_length=24, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    note = models.TextField(_("note"), blank=True, default="")
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        if self.to_state:
            return f"{self.from_state or '-'} -> {self.to_state}"
        return self.kind
