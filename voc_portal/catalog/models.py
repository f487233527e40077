"""Apps sold by developer accounts, and customers' purchases of them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Customer, DeveloperAccount


class App(models.Model):
    account = models.ForeignKey(DeveloperAccount, on_delete=models.PROTECT, related_name="apps")
    title = models.CharField(_("title"), max_length=120)
    package_name = models.CharField(_("package name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Whole won; 0 means a free app.
    price = models.PositiveIntegerField(_("price (KRW)"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("app")
        verbose_name_plural = _("apps")
        ordering = ["title"]
        indexes = [models.Index(fields=["account", "title"], name="app_account_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price == 0


class Purchase(models.Model):
    class State(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="purchases")
    app = models.ForeignKey(App, on_delete=models.PROTECT, related_name="purchases")
    # The app itself or an in-app item, as the store names it.
    item_name = models.CharField(_("purchased item"), max_length=150)
    purchased_at = models.DateTimeField(_("purchase date and time"))
    amount = models.PositiveIntegerField(_("amount (KRW)"), default=0)
    tid = models.CharField(_("TID"), max_length=40, unique=True)
    txid = models.CharField(_("TXID"), max_length=64, unique=True)
    receipt_number = models.CharField(_("payment receipt number"), max_length=40, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.COMPLETED
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        indexes = [
            models.Index(fields=["customer", "app", "-purchased_at"], name="purchase_cust_app_idx"),
            models.Index(fields=["app", "-purchased_at"], name="purchase_app_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="cancelled", cancelled_at__isnull=False)
                | Q(state="completed", cancelled_at__isnull=True),
                name="purchase_cancelled_at_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_name} ({self.purchased_at:%Y-%m-%d %H:%M})"

    @property
    def is_paid(self) -> bool:
        return self.amount > 0
