"""The store's own ids for what it sends us, and the payment notifications it sent.

Links live here, not as columns of accounts/catalog: those apps know nothing of a store, and a
portal without one has no empty columns. `source_updated_at` is the store's own change time of
the record (optional): an older upsert arriving after a newer one is ignored.
"""

from django.db import models
from django.utils import timezone

from voc_portal.accounts.models import Customer, DeveloperAccount
from voc_portal.catalog.models import App, Purchase

STORE_ID_MAX = 64


class StoreDeveloper(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True)
    account = models.OneToOneField(
        DeveloperAccount, on_delete=models.PROTECT, related_name="store_link"
    )
    # The addresses the store gave us last; members it added and no longer lists stop being
    # notified (their membership stays: the developer may use the portal themself).
    notification_emails = models.JSONField(default=list)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.account_id}"


class StoreApp(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True)
    app = models.OneToOneField(App, on_delete=models.PROTECT, related_name="store_link")
    # {"ko": "...", "en": "..."}; App.title is the title in the portal's default language.
    titles = models.JSONField(default=dict)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.app_id}"


class StoreCustomer(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True)
    customer = models.OneToOneField(Customer, on_delete=models.PROTECT, related_name="store_link")
    source_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.store_id} -> {self.customer_id}"


class StorePurchase(models.Model):
    store_id = models.CharField(max_length=STORE_ID_MAX, unique=True)
    purchase = models.OneToOneField(Purchase, on_delete=models.PROTECT, related_name="store_link")
    # The event time of the state the purchase has now: an older event never replaces it.
    state_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(default=timezone.now)

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

    purchase_store_id = models.CharField(max_length=STORE_ID_MAX)
    state = models.CharField(max_length=10, choices=State.choices)
    event_at = models.DateTimeField()
    amount = models.PositiveIntegerField()
    tid = models.CharField(max_length=40, blank=True, default="")
    txid = models.CharField(max_length=64, blank=True, default="")
    receipt_number = models.CharField(max_length=40, blank=True, default="")
    signature = models.CharField(max_length=128)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    received_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

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
