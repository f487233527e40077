"""The ops refund / cancellation queue: requests, their events, consent links; the identifier
audit (voc_portal.catalog) as refunds sees it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from inquiries.models import Inquiry
from voc_portal.accounts.models import Customer, DeveloperAccount
from voc_portal.api.etags import etag_for
from voc_portal.catalog import models as catalog
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.models import Event
from voc_portal.core.transitions import Transitions


class Source(models.TextChoices):
    ESCALATION = "escalation", _("3-day rule")
    DEVELOPER_CONTACT = "developer_contact", _("Developer (Help > Contact Us)")
    INQUIRY = "inquiry", _("Customer inquiry")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_INFO = "needs_info", _("Needs information")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Allowed transitions, declared once; refunds.services enforces them (one service each).
TRANSITIONS = Transitions(
    {
        State.SUBMITTED: {State.IN_REVIEW},
        State.IN_REVIEW: {State.APPROVED, State.REJECTED, State.NEEDS_INFO},
        State.NEEDS_INFO: {State.IN_REVIEW},
        State.APPROVED: set(),
        State.REJECTED: set(),
    }
)
OPEN_STATES = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_INFO)


class BillingState(models.TextChoices):
    """Where the store's billing is with an approved cancellation ("" when no billing is called)."""

    PENDING = "pending", pgettext_lazy("billing", "Pending")
    FAILING = "failing", pgettext_lazy("billing", "Failing")
    CONFIRMED = "confirmed", pgettext_lazy("billing", "Confirmed")


def can_transition(from_state: str, to_state: str) -> bool:
    return TRANSITIONS.allows(from_state, to_state)


class RefundRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_account(self, account_id: int):
        return self.filter(account_id=account_id)


class RefundRequest(models.Model):
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("developer account"),
    )
    app = models.ForeignKey(
        App, on_delete=models.PROTECT, related_name="refund_requests", verbose_name=_("app")
    )
    purchase = models.ForeignKey(
        Purchase,
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("purchase"),
    )
    inquiry = models.ForeignKey(
        Inquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("inquiry"),
    )
    # The inquiry's clock that the 3-day rule escalated (escalation cases only).
    inquiry_clock = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("escalated inquiry clock")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    consent = models.BooleanField(_("consent to provide personal information"))
    consent_at = models.DateTimeField(_("customer consent given at"), null=True, blank=True)
    customer_number = models.CharField(_("customer number"), max_length=20)
    purchased_at = models.DateTimeField(_("purchase date and time"))
    purchased_item = models.CharField(_("purchased item"), max_length=150)
    # Stored only with consent O (CheckConstraint below); blank otherwise.
    tid = models.CharField(_("TID"), max_length=40, blank=True, default="")
    txid = models.CharField(_("TXID"), max_length=64, blank=True, default="")
    receipt_number = models.CharField(
        _("payment receipt number"), max_length=40, blank=True, default=""
    )
    reason = models.TextField(_("reason"), blank=True, default="")
    decision_note = models.TextField(_("decision note"), blank=True, default="")
    answered_late_at = models.DateTimeField(_("answered late at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_refund_requests",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The store's billing call for an approved case (voc_portal.store.billing): the purchase
    # counts as cancelled only once billing confirmed. `billing_since`: when that state began.
    billing_state = models.CharField(
        _("billing"),
        max_length=10,
        choices=BillingState.choices,
        blank=True,
        default="",
        db_default="",
    )
    billing_since = models.DateTimeField(_("billing state since"), null=True, blank=True)
    billing_error = models.TextField(_("last billing error"), blank=True, default="", db_default="")

    objects = RefundRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("refund request")
        verbose_name_plural = _("refund requests")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="refund_account_idx"),
            models.Index(fields=["state", "created_at"], name="refund_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True) | Q(tid="", txid="", receipt_number=""),
                name="refund_identifiers_only_with_consent",
            ),
            models.UniqueConstraint(
                fields=["purchase"],
                condition=Q(state__in=["submitted", "in_review", "needs_info"]),
                name="refund_one_open_per_purchase",
            ),
            models.UniqueConstraint(
                fields=["inquiry", "inquiry_clock"],
                condition=Q(source="escalation"),
                name="refund_one_escalation_case_per_clock",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.purchased_item} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def can_transition(self, to_state: str) -> bool:
        return can_transition(self.state, to_state)


def refund_etag(refund: RefundRequest) -> str:
    """The request's version, as the API's ETag: every service write moves `updated_at`."""
    return etag_for("refund", refund.pk, refund.updated_at)


class RefundEvent(Event):
    """One row per transition and per fact about a request (core.models.Event's shape).

    Unlike the other apps' facts, a refund fact keeps from_state = to_state = the state it
    happened in: the API's event list and the developers' emails show that state.
    """

    class Kind(models.TextChoices):
        TRANSITION = "transition"  # the state changed (filing included: "" -> submitted)
        ASSIGNED = "assigned"  # given to an ops user without a change of state
        CONSENT_REQUESTED = "consent_requested"  # data: {}
        CONSENT_ANSWERED = "consent_answered"  # data: {"consented": bool}
        ANSWERED_LATE = "answered_late"  # data: {"answered_at": iso time}
        BILLING = "billing"  # data: {"billing": "pending" | "failing" | "confirmed", "by": …}
        NOTE = "note"  # anything else (rows older than `kind`)

    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name=_("kind"))
    refund = models.ForeignKey(
        RefundRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("refund request"),
    )

    class Meta(Event.Meta):
        verbose_name = _("refund event")
        verbose_name_plural = _("refund events")
        indexes = [models.Index(fields=["refund", "created_at"], name="refund_event_idx")]

    def __str__(self) -> str:
        def label(state: str) -> str:
            return str(State(state).label) if state in State.values else (state or "—")

        return f"{label(self.from_state)} → {label(self.to_state)}"


class ConsentRequest(models.Model):
    """A signed, single-use, expiring link asking the customer to consent to sharing identifiers."""

    refund = models.ForeignKey(
        RefundRequest,
        on_delete=models.CASCADE,
        related_name="consent_requests",
        verbose_name=_("refund request"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    nonce = models.CharField(max_length=32, unique=True, verbose_name=_("nonce"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("used at"))
    consented = models.BooleanField(null=True, blank=True, verbose_name=_("consented"))

    class Meta:
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")

    def __str__(self) -> str:
        return str(_("Consent request for refund request #%(no)s")) % {"no": self.refund_id}


class PaymentIdentifierView(catalog.PaymentIdentifierView):
    """The catalog's identifier audit as refunds' admin and tests see it: with its request.

    Same name and app label as the table it replaced, so ops' permission
    (refunds.view_paymentidentifierview) and the admin URL stay as they were.
    """

    class Meta:
        proxy = True
        verbose_name = _("payment identifier view")
        verbose_name_plural = _("payment identifier views")

    @property
    def refund(self) -> RefundRequest | None:
        """The request the page was about, if it still exists (the audit row outlives it)."""
        if self.refund_id is None:
            return None
        return RefundRequest.objects.filter(pk=self.refund_id).first()


class OverdueInquiry(Inquiry):
    """Escalated inquiries, for ops in admin (those without a case included)."""

    class Meta:
        proxy = True
        verbose_name = _("overdue inquiry")
        verbose_name_plural = _("overdue inquiries")
