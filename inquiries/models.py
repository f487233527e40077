"""1:1 conversations between a customer and a developer account about one app."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.models import Event
from voc_portal.core.search import search_document
from voc_portal.core.transitions import Transitions
from voc_portal.mail.models import OutboundEmail
from voc_portal.replies.models import Kind as ReplyKind
from voc_portal.replies.models import OfKindManager
from voc_portal.replies.models import ReplyTemplate as SavedReply

from .counters import (
    INQUIRY_RANGE_INDEXES,
    InquiryCounter,  # noqa: F401 (kept by triggers; here so Django knows it)
)


class Category(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance request")
    ERROR = "error", _("Error report")
    REFUND = "refund", _("Refund request")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    AWAITING_DEVELOPER = "awaiting", _("Awaiting you")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# Sorts after every real due date: the inbox puts inquiries that await nobody after the others.
INBOX_NOT_DUE = datetime(9999, 1, 1, tzinfo=UTC)
# The inbox's sort key (inquiries.selectors.INBOX_ORDERING) as index columns.
_INBOX_KEY = (Coalesce("due_at", Value(INBOX_NOT_DUE)), F("last_message_at").desc(), F("id"))

# Allowed transitions, declared once; services enforce them.
TRANSITIONS = Transitions(
    {
        Status.AWAITING_DEVELOPER: {Status.ANSWERED, Status.CLOSED},
        Status.ANSWERED: {Status.AWAITING_DEVELOPER, Status.CLOSED},
        # A customer message reopens to awaiting; a developer's reopen may go back to answered.
        Status.CLOSED: {Status.AWAITING_DEVELOPER, Status.ANSWERED},
    }
)


AGE_BUCKETS = ("lt1d", "1to2d", "2to3d", "overdue")


def inquiry_age_q(bucket: str, now) -> Q:
    """Awaiting inquiries by how long they have waited (the inbox's `age` filter, the reports'
    backlog aging): under 1 day, 1-2 days, 2-3 days and not yet due, overdue."""
    day = timedelta(days=1)
    not_due = Q(status=Status.AWAITING_DEVELOPER, due_at__gt=now)
    if bucket == "lt1d":
        return not_due & Q(awaiting_since__gt=now - day)
    if bucket == "1to2d":
        return not_due & Q(awaiting_since__lte=now - day, awaiting_since__gt=now - 2 * day)
    if bucket == "2to3d":
        return not_due & Q(awaiting_since__lte=now - 2 * day)
    if bucket == "overdue":
        return Q(status=Status.AWAITING_DEVELOPER, due_at__lte=now)
    raise ValueError(bucket)


class Inquiry(models.Model):
    # Denormalised from app.account: every developer query filters on it first.
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("developer account"),
    )
    app = models.ForeignKey(
        App, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("app")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("customer")
    )
    purchase = models.ForeignKey(
        Purchase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("purchase"),
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    # Who on the team answers it (services.assignment); a removed member's inquiries fall back
    # to unassigned.
    assignee = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
        verbose_name=_("assignee"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.AWAITING_DEVELOPER
    )

    # The 3-day clock (PRODUCT.md rule 1). `clock` counts clocks: a new customer message after a
    # developer reply starts clock n+1. awaiting_since/due_at are set only while awaiting.
    clock = models.PositiveIntegerField(_("clock"), default=1)
    awaiting_since = models.DateTimeField(_("awaiting since"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    # When the current clock was escalated to store operations (null: not escalated).
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Subject and every message's text, kept by the services; trigram-indexed for search.
    search_text = models.TextField(blank=True, default="", verbose_name=_("search text"))
    # search_text as bigrams (Korean) and words (core.search) for @@; save() always writes it.
    search_vector = SearchVectorField(db_default="", editable=False, verbose_name=_("search index"))

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [
            *INQUIRY_RANGE_INDEXES,  # the inbox's, also the live part of counts (see there)
            models.Index(fields=["account", "-last_message_at", "id"], name="inquiry_recent_idx"),
            # The inbox order (most urgent first), so a keyset page starts where the cursor is.
            models.Index(F("account"), *_INBOX_KEY, name="inquiry_urgency_idx"),
            # The same order within one app (the inbox's app filter): no sort of the app's rows.
            models.Index(F("app"), *_INBOX_KEY, name="inquiry_app_urgency_idx"),
            # Covers the inbox tab counts and the dashboard figures (index-only scans, in app
            # order): without it, both read every heap page of the account's inquiries.
            models.Index(
                fields=["account", "app"],
                include=[
                    "id",
                    "status",
                    "category",
                    "due_at",
                    "created_at",
                    "first_response_at",
                ],
                name="inquiry_figures_idx",
            ),
            models.Index(fields=["customer", "-last_message_at"], name="inquiry_customer_idx"),
            # The Mine / Unassigned / Team views in inbox order (a publisher's member has
            # thousands): the page starts at its cursor instead of sorting them all.
            models.Index(
                F("account"), F("assignee"), *_INBOX_KEY, name="inquiry_assignee_urgency_idx"
            ),
            # The reminder sweep's windows of awaiting rows. No index names escalated_at (nor
            # INCLUDEs it): the escalation sweep's UPDATE then stays HOT; its candidates are
            # inquiries.escalation_queue's rows.
            models.Index(
                fields=["due_at"],
                name="inquiry_awaiting_due_idx",
                condition=Q(status="awaiting"),
            ),
            # The search: bigrams serve two-syllable Korean words, which trigrams could not.
            GinIndex(fields=["search_vector"], name="inquiry_search_vector_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="awaiting", awaiting_since__isnull=False, due_at__isnull=False)
                | (~Q(status="awaiting") & Q(awaiting_since__isnull=True, due_at__isnull=True)),
                name="inquiry_clock_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def save(self, *args, **kwargs):
        # Every write of search_text (services, admin, factories) rewrites the vector with it.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "search_text" in update_fields:
            self.search_vector = search_document(self.search_text)
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "search_vector"]
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"{self.pk:06d}" if self.pk else ""

    def can_transition(self, to: str) -> bool:
        return TRANSITIONS.allows(self.status, to)


class Message(models.Model):
    class Author(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        DEVELOPER = "developer", _("Developer")
        OPS = "ops", _("Store operations")
        SYSTEM = "system", _("System")

    class Via(models.TextChoices):
        WEB = "web", _("Web")
        EMAIL = "email", _("Email")
        API = "api", _("API")
        SYSTEM = "system", _("System")
        STORE = "store", _("Store app")

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="messages", verbose_name=_("inquiry")
    )
    author_kind = models.CharField(_("author kind"), max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    via = models.CharField(_("via"), max_length=6, choices=Via.choices, default=Via.WEB)
    # Internal notes are for the developer account only: never emailed, never stop the clock.
    is_internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(
        _("text"),
    )
    # System messages are stored as a code with parameters and rendered in the reader's
    # language (system_text); body keeps an English copy for search and older readers.
    code = models.CharField(
        max_length=40, blank=True, default="", verbose_name=_("system message code")
    )
    data = models.JSONField(_("details"), blank=True, default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The email that carried a developer reply to the customer (its delivery state).
    email = models.OneToOneField(
        OutboundEmail,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reply email"),
    )
    # Message-ID of an inbound email: the same email delivered twice stores one message.
    inbound_message_id = models.CharField(
        max_length=250, null=True, blank=True, unique=True, verbose_name=_("inbound message ID")
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["inquiry", "created_at", "id"], name="message_thread_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_internal=False) | Q(author_kind="developer"),
                name="message_internal_only_by_developer",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(author)s on inquiry #%(no)s")) % {
            "author": self.get_author_kind_display(),
            "no": f"{self.inquiry_id:06d}",
        }

    @property
    def text(self) -> str:
        """What a reader sees: a system code rendered in the active language, else the body."""
        return system_text(self.code, self.data) if self.code else self.body


class SystemCode(models.TextChoices):
    ESCALATED = "escalated", _("Escalated to store operations")
    REFUND_APPROVED = "refund_approved", _("Cancellation approved")
    REFUND_REJECTED = "refund_rejected", _("Cancellation rejected")


_SYSTEM_TEXTS = {
    SystemCode.ESCALATED: _("Escalated to store operations at %(at)s."),
    SystemCode.REFUND_APPROVED: _(
        "Store operations approved the cancellation of %(item)s. The purchase is cancelled."
    ),
    SystemCode.REFUND_REJECTED: _(
        "Store operations rejected the cancellation of %(item)s. Reason: %(reason)s"
    ),
}


def system_text(code: str, data: dict) -> str:
    """Render a system message code with its parameters; times in the reader's time zone."""
    template = _SYSTEM_TEXTS.get(code)
    if template is None:
        return str(data.get("fallback", code))
    params = dict(data)
    at = params.get("at")
    if at:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            when = None
        if when is not None:
            params["at"] = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    params.setdefault("item", "")
    params.setdefault("reason", "")
    return str(template) % params


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"inquiries/{instance.message.inquiry_id}/{timezone.now():%Y%m}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(upload_to=attachment_path, max_length=300, verbose_name=_("file"))
    original_name = models.CharField(max_length=200, verbose_name=_("original file name"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ReplyTemplate(SavedReply):
    """Saved inquiry replies: the inquiry kind of voc_portal.replies' one template table.

    {customer_name}, {app} and {inquiry_no} are filled in when one is used.
    """

    KIND = ReplyKind.INQUIRY
    objects = OfKindManager(ReplyKind.INQUIRY)

    class Meta:
        proxy = True
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")


class InquiryEvent(Event):
    """Every change that matters to ops and the developer: escalated, answered late, closed…

    Transitions (created, answered, closed, reopened) name their from/to states; facts (answered
    late, reminded, escalated) leave them blank. `clock` says which 3-day clock the row is about.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        ANSWERED = "answered", _("Answered")
        ANSWERED_LATE = "answered_late", _("Answered after escalation")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated to store operations")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Unassigned")

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="events", verbose_name=_("inquiry")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    clock = models.PositiveIntegerField(
        _("clock"),
    )

    class Meta(Event.Meta):
        verbose_name = _("inquiry event")
        verbose_name_plural = _("inquiry events")
        indexes = [models.Index(fields=["inquiry", "created_at"], name="inquiry_event_idx")]
        constraints = [
            # The last backstop of "exactly once per clock".
            models.UniqueConstraint(
                fields=["inquiry", "clock"],
                condition=Q(kind="escalated"),
                name="inquiry_one_escalation_per_clock",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(kind)s on inquiry #%(no)s")) % {
            "kind": self.get_kind_display(),
            "no": f"{self.inquiry_id:06d}",
        }


# Kept by triggers on inquiries_inquiry (migration 0018); here so Django knows it.
from .escalation_queue import EscalationDue  # noqa: E402, F401
