"""The store's own ids for what it sends us, and the payment notifications it sent.

Links live here, not as columns of accounts/catalog: those apps know nothing of a store, and a
portal without one has no empty columns. `source_updated_at` is the store's own change time of
the record (optional): an older upsert arriving after a newer one is ignored.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Customer, DeveloperAccount
from voc_portal.catalog.models import App, Purchase

STORE_ID_MAX = 64


class StoreDeveloper(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True, verbose_name=_("store ID"))
    account = models.OneToOneField(
        DeveloperAccount,
        on_delete=models.PROTECT,
        related_name="store_link",
        verbose_name=_("developer account"),
    )
    # The addresses the store gave us last; members it added and no longer lists stop being
    # notified (their membership stays: the developer may use the portal themself).
    notification_emails = models.JSONField(default=list, verbose_name=_("notification emails"))
    source_updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("updated at the store")
    )
    synced_at = models.DateTimeField(default=timezone.now, verbose_name=_("synced at"))

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.account_id}"


class StoreApp(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True, verbose_name=_("store ID"))
    app = models.OneToOneField(
        App, on_delete=models.PROTECT, related_name="store_link", verbose_name=_("app")
    )
    # {"ko": "...", "en": "..."}; App.title is the title in the portal's default language.
    titles = models.JSONField(default=dict, verbose_name=_("titles by language"))
    source_updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("updated at the store")
    )
    synced_at = models.DateTimeField(default=timezone.now, verbose_name=_("synced at"))

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.app_id}"


class StoreCustomer(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True, verbose_name=_("store ID"))
    customer = models.OneToOneField(
        Customer, on_delete=models.PROTECT, related_name="store_link", verbose_name=_("customer")
    )
    source_updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("updated at the store")
    )
    synced_at = models.DateTimeField(default=timezone.now, verbose_name=_("synced at"))

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.customer_id}"


class StorePurchase(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True, verbose_name=_("store ID"))
    purchase = models.OneToOneField(
        Purchase, on_delete=models.PROTECT, related_name="store_link", verbose_name=_("purchase")
    )
    # The event time of the state the purchase has now: an older event never replaces it.
    state_at = models.DateTimeField(null=True, blank=True, verbose_name=_("state changed at"))
    source_updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("updated at the store")
    )
    synced_at = models.DateTimeField(default=timezone.now, verbose_name=_("synced at"))

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.purchase_id}"


class PaymentNotification(models.Model):
    """One payment notification as the store sent it, and what it did (the event row)."""

    class State(models.TextChoices):
        COMPLETED = "COMPLETED"
        CANCELED = "CANCELED"

    class Outcome(models.TextChoices):
        APPLIED = "applied"  # the purchase now has this state
        STALE = "stale"  # a newer event had already set the state: kept for the record only
        PENDING = "pending"  # the purchase is not known yet: applied when it arrives
        MISMATCH = "mismatch"  # its identifiers or amount are not the purchase's: not applied

    purchase_store_id = models.CharField(
        max_length=STORE_ID_MAX, verbose_name=_("store purchase ID")
    )
    state = models.CharField(max_length=10, choices=State.choices, verbose_name=_("state"))
    event_at = models.DateTimeField(verbose_name=_("event at"))
    amount = models.PositiveIntegerField(verbose_name=_("amount (KRW)"))
    tid = models.CharField(max_length=40, blank=True, default="", verbose_name=_("TID"))
    txid = models.CharField(max_length=64, blank=True, default="", verbose_name=_("TXID"))
    receipt_number = models.CharField(
        max_length=40, blank=True, default="", verbose_name=_("payment receipt number")
    )
    signature = models.CharField(max_length=128, verbose_name=_("signature"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    received_at = models.DateTimeField(default=timezone.now, verbose_name=_("received at"))
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("applied at"))

    class Meta:
        constraints = [
            # One event is one row: the store's retry of it is a duplicate, answered the same.
            models.UniqueConstraint(
                fields=["purchase_store_id", "state", "event_at"], name="store_notification_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["purchase_store_id", "outcome"], name="store_notification_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purchase_store_id} {self.state} at {self.event_at:%Y-%m-%d %H:%M:%S}"
