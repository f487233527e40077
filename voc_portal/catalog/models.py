"""Apps sold by developer accounts, customers' purchases of them, and what is known about a
purchase's payment identifiers: the customer's consent and who saw them unmasked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership


class App(models.Model):
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.PROTECT,
        related_name="apps",
        verbose_name=_("developer account"),
    )
    title = models.CharField(_("title"), max_length=120)
    package_name = models.CharField(_("package name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Whole won; 0 means a free app.
    price = models.PositiveIntegerField(_("price (KRW)"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

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

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("customer")
    )
    app = models.ForeignKey(
        App, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("app")
    )
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


class PurchaseConsent(models.Model):
    """The customer's consent (O) to show this purchase's payment identifiers to its developer.

    A fact about the purchase, read by every app that shows identifiers (inquiries, refunds).
    Only the customer grants it: signed in as that customer behind the emailed link, or the
    store's own records (a future store integration). One row per recording, with who, when
    and from where; the purchase counts as consented while any row of UNMASKING_SOURCES exists.
    """

    class Source(models.TextChoices):
        CUSTOMER_LINK = "customer_link", _("The customer, from the emailed link")
        STORE = "store", _("The store's records")
        # History only: before issue 10 a developer's O on the refund form was recorded here.
        # Those rows are kept as they were and never unmask anything (UNMASKING_SOURCES).
        DEVELOPER_FORM = "developer_form", _("A developer's statement (history; not consent)")

    purchase = models.ForeignKey(
        Purchase, on_delete=models.PROTECT, related_name="consents", verbose_name=_("purchase")
    )
    given_at = models.DateTimeField(default=timezone.now, verbose_name=_("given at"))
    source = models.CharField(
        max_length=16, choices=Source.choices, verbose_name=_("given through")
    )
    # The signed-in customer who answered (customer_link); none for the store's records.
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("given by"),
    )
    # From where: the address and browser of the answer, or the channel ("web", "store").
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    user_agent = models.CharField(
        max_length=300, blank=True, default="", verbose_name=_("user agent")
    )
    channel = models.CharField(max_length=16, blank=True, default="", verbose_name=_("channel"))

    class Meta:
        indexes = [models.Index(fields=["purchase", "given_at"], name="purchase_consent_idx")]

    def __str__(self) -> str:
        return f"consent for purchase {self.purchase_id} ({self.source})"


# The sources that count as the customer's consent; a developer's statement is not one of them.
UNMASKING_SOURCES = (PurchaseConsent.Source.CUSTOMER_LINK, PurchaseConsent.Source.STORE)


class PaymentIdentifierView(models.Model):
    """Audit: every time unmasked TID / TXID / receipt numbers were shown, to whom and where.

    `refund_id` is the refund request the page was about, if any: a plain integer, not a
    foreign key, because the catalog sits below refunds and an audit row outlives what it
    points at (refunds.models.PaymentIdentifierView is the proxy that resolves it).
    """

    class Where(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        ADMIN = "admin", _("Admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    purchase = models.ForeignKey(
        Purchase, on_delete=models.PROTECT, related_name="+", verbose_name=_("purchase")
    )
    refund_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("refund request ID"))
    where = models.CharField(max_length=5, choices=Where.choices, verbose_name=_("viewed in"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("viewed at"))

    class Meta:
        verbose_name = _("payment identifier view")
        verbose_name_plural = _("payment identifier views")
        indexes = [
            models.Index(fields=["purchase", "created_at"], name="catalog_identifier_view_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} viewed purchase {self.purchase_id} ({self.where})"


class AppAccess(models.Model):
    """An app a member restricted to some apps (Membership.all_apps False) may see and answer."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="app_access",
        verbose_name=_("membership"),
    )
    app = models.ForeignKey(
        App, on_delete=models.CASCADE, related_name="member_access", verbose_name=_("app")
    )

    class Meta:
        verbose_name = _("app access")
        verbose_name_plural = _("app access")
        constraints = [
            models.UniqueConstraint(fields=["membership", "app"], name="app_access_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} → {self.app_id}"
