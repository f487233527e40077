from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.models import Event

NAME_MAX = 60
QUERY_MAX = 1000


class SavedView(models.Model):
    """A named query string of one list; `query` is the list's own, as its filter form cleaned
    it (so a saved view never holds a filter the list would refuse)."""

    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("developer account"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("list"), max_length=20)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    query = models.CharField(
        max_length=QUERY_MAX, blank=True, default="", verbose_name=_("filters")
    )
    shared = models.BooleanField(_("shared with the team"), default=False)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["account", "kind", "name"], name="savedview_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "owner", "kind", "name"], name="savedview_name_unique"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="savedview_name_set"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedViewEvent(Event):
    """Created, renamed, shared, deleted: kept after the view is gone (view set to NULL)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        RENAMED = "renamed", _("Renamed")
        DELETED = "deleted", _("Deleted")

    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name=_("kind"))
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("developer account"),
    )
    view = models.ForeignKey(
        SavedView,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("saved view"),
    )

    class Meta(Event.Meta):
        indexes = [models.Index(fields=["account", "created_at"], name="savedview_event_idx")]
