"""One table of saved replies for every kind of answer a developer writes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import DeveloperAccount


class Kind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry reply")
    REVIEW = "review", _("Official review reply")


class OfKindManager(models.Manager):
    """The templates of one kind: what a domain's proxy model sees."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class ReplyTemplate(models.Model):
    """A saved reply; `{variables}` are filled in by the domain that uses it.

    Each domain has a proxy with `KIND` and an `OfKindManager` (inquiries.models.ReplyTemplate,
    reviews.models.ReviewReplyTemplate), so its code and admin see only its own kind.
    """

    KIND: str = ""

    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="saved_replies",
        verbose_name=_("developer account"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "name"], name="reply_template_kind_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["inquiry", "review"]), name="reply_template_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A proxy of one kind stamps its rows; the base model needs the kind given.
        if not self.kind and self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)
