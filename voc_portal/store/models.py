"""The store's own ids for what it sends us, and the payment notifications it sent.

Links live here, not as columns of accounts/catalog: those apps know nothing of a store, and a
portal without one has no empty columns. `source_updated_at` is the store's own change time of
the record (optional): an older upsert arriving after a newer one is ignored.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from refunds.models import RefundRequest
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


class BillingCall(models.Model):
    """The outbox row of one call to the store's billing: cancel the payment of an approved case.

    Written in the approval's transaction (a `refund_approved` receiver), one per case; sent by
    a task that claims it, retried with backoff until billing answers 2xx. Every attempt sends
    the same body and the same `idempotency_key`, so billing cancels once however often we call.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("billing", "Pending")
        SENDING = "sending", _("Sending")
        CONFIRMED = "confirmed", pgettext_lazy("billing", "Confirmed")

    refund = models.OneToOneField(
        RefundRequest,
        on_delete=models.PROTECT,
        related_name="billing_call",
        verbose_name=_("refund request"),
    )
    idempotency_key = models.CharField(
        max_length=80, unique=True, verbose_name=_("idempotency key")
    )
    purchase_store_id = models.CharField(
        max_length=STORE_ID_MAX, verbose_name=_("store purchase ID")
    )
    # Fixed when the row is written: a retry is the same request to billing.
    body = models.JSONField(verbose_name=_("request body"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        verbose_name=_("delivery status"),
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("last HTTP status")
    )
    last_error = models.TextField(blank=True, default="", verbose_name=_("last error"))
    failing_since = models.DateTimeField(null=True, blank=True, verbose_name=_("failing since"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    # The answer billing gave (or the notification's id that confirmed it instead).
    response = models.JSONField(default=dict, blank=True, verbose_name=_("response"))

    class Meta:
        verbose_name = _("billing call")
        verbose_name_plural = _("billing calls")
        indexes = [
            # The re-drive sweep looks only at unfinished rows.
            models.Index(
                fields=["next_attempt_at"],
                name="store_billing_unfinished_idx",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["purchase_store_id"], name="store_billing_purchase_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.status})"
