"""Purchaser reviews of apps, the developer account's official replies, and rating aggregates.

Deleting a review is a *soft* delete (`deleted_at`): the row and its earlier versions stay for
history and ops, but a deleted review is never shown publicly and never counted. Writing a review
again for the same app revives that row (the old text becomes a version), which keeps the
one-review-per-customer-per-app rule a plain unique constraint.

Visibility is not one status field but two independent marks, each with its own time and
people: the author's deletion (`deleted_at`) and ops' hiding (`hidden_at`, reason, by whom). A
review can carry both (hidden, then deleted by its author), and restoring it clears only ops'
mark. So there is no transition table here; each service guards the mark it changes, and
every change is a `ReviewEvent`.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership
from voc_portal.catalog.models import App
from voc_portal.core.models import Event
from voc_portal.replies.models import Kind as ReplyKind
from voc_portal.replies.models import OfKindManager
from voc_portal.replies.models import ReplyTemplate as SavedReply
from voc_portal.replies.services import reply_template_fill

REVIEW_BODY_MIN_LENGTH = 1
REVIEW_BODY_MAX_LENGTH = 2000
# An absolute ceiling in the database; the configurable limit (VOC_OFFICIAL_REPLY_MAX_LENGTH,
# default 1,000) is enforced by the service and the form.
REPLY_BODY_HARD_MAX_LENGTH = 5000
RATINGS = (1, 2, 3, 4, 5)


class ReviewQuerySet(models.QuerySet):
    def counted(self):
        """Reviews that count in ratings and appear publicly: neither deleted nor hidden."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True)

    def not_deleted(self):
        return self.filter(deleted_at__isnull=True)


# "Outdated": the review was edited after the official reply was last written.
OUTDATED_Q = Q(reply__isnull=False, edited_at__isnull=False, edited_at__gt=F("reply__updated_at"))


class Review(models.Model):
    app = models.ForeignKey(
        App, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("app")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("customer")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    body = models.TextField(_("review"), max_length=REVIEW_BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Set when the rating or text changes after the review was first written.
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    # Who on the team answers it (reviews.services.assignment, the inquiries' rules); a removed
    # member's reviews fall back to unassigned.
    assignee = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reviews",
        verbose_name=_("assignee"),
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["app", "customer"], name="review_one_per_customer"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(body__regex=r"\S")
                & LessThanOrEqual(Length("body"), REVIEW_BODY_MAX_LENGTH),
                name="review_body_length",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True, hidden_reason="")
                | Q(hidden_at__isnull=False) & ~Q(hidden_reason=""),
                name="review_hidden_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["app", "-created_at", "-id"],
                name="review_public_recent_idx",
                condition=Q(deleted_at__isnull=True, hidden_at__isnull=True),
            ),
            models.Index(
                fields=["app", "rating", "-created_at", "-id"],
                name="review_public_rating_idx",
                condition=Q(deleted_at__isnull=True, hidden_at__isnull=True),
            ),
            # "Highest rating" (rating DESC, created_at DESC, id DESC): read backwards, the index
            # above gives rating DESC but created_at ASC, so that order needs its own index.
            models.Index(
                fields=["app", "-rating", "-created_at", "-id"],
                name="review_public_high_idx",
                condition=Q(deleted_at__isnull=True, hidden_at__isnull=True),
            ),
            # The console order (newest first, id breaking ties): no sort of an app's reviews.
            models.Index(fields=["app", "-created_at", "-id"], name="review_console_idx"),
            GinIndex(fields=["body"], name="review_body_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.app} ★{self.rating} ({self.customer})"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_counted(self) -> bool:
        return self.hidden_at is None and self.deleted_at is None

    @property
    def official_reply(self) -> "OfficialReply | None":
        try:
            return self.reply
        except OfficialReply.DoesNotExist:
            return None

    @property
    def is_outdated(self) -> bool:
        """Edited after the official reply was last written (mirrors OUTDATED_Q)."""
        reply = self.official_reply
        return bool(reply and self.edited_at and self.edited_at > reply.updated_at)


class ReviewVersion(models.Model):
    """An earlier rating and text of a review, kept each time it is edited or replaced."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="versions", verbose_name=_("review")
    )
    rating = models.PositiveSmallIntegerField(verbose_name=_("rating"))
    body = models.TextField(verbose_name=_("text"))
    written_at = models.DateTimeField(verbose_name=_("written at"))
    replaced_at = models.DateTimeField(default=timezone.now, verbose_name=_("replaced at"))

    class Meta:
        verbose_name = _("earlier version of a review")
        verbose_name_plural = _("earlier versions of reviews")
        indexes = [models.Index(fields=["review", "-replaced_at"], name="review_version_idx")]

    def __str__(self) -> str:
        return str(_("Review #%(no)s as of %(at)s")) % {
            "no": self.review_id,
            "at": f"{timezone.localtime(self.written_at):%Y-%m-%d %H:%M}",
        }


class OfficialReply(models.Model):
    """The developer account's official, public response to one review."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="reply", verbose_name=_("review")
    )
    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.PROTECT,
        related_name="official_replies",
        verbose_name=_("developer account"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("official reply"))
    # Bumped each time the text changes; the customer's email is deduplicated per version.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("official reply")
        verbose_name_plural = _("official replies")
        constraints = [
            models.CheckConstraint(
                condition=Q(body__regex=r"\S")
                & LessThanOrEqual(Length("body"), REPLY_BODY_HARD_MAX_LENGTH),
                name="official_reply_body_length",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Official reply to review #%(no)s")) % {"no": self.review_id}


class ReviewEvent(Event):
    """One row per change to a review or its official reply, written by the service making it.

    Review rows carry the rating in `data` (the earlier text is a ReviewVersion); official-reply
    rows carry the reply's text in `note` and, when it is changed or deleted, the text it had
    before in `data["previous_body"]`: the reply's edit history.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Edited by the author")
        DELETED = "deleted", _("Deleted by the author")
        HIDDEN = "hidden", _("Hidden by ops")
        RESTORED = "restored", _("Restored")
        REPLY_PUBLISHED = "reply_published", _("Official reply posted")
        REPLY_EDITED = "reply_edited", _("Official reply changed")
        REPLY_DELETED = "reply_deleted", _("Official reply deleted")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Unassigned")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="events", verbose_name=_("review")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)

    class Meta(Event.Meta):
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        indexes = [models.Index(fields=["review", "created_at"], name="review_event_idx")]


class AppRating(models.Model):
    """Rating figures of one app, kept in the transaction of every review change."""

    app = models.OneToOneField(
        App, on_delete=models.CASCADE, related_name="rating", verbose_name=_("app")
    )
    count = models.PositiveIntegerField(default=0, verbose_name=_("review count"))
    sum = models.PositiveIntegerField(default=0, verbose_name=_("sum of stars"))
    count_1 = models.PositiveIntegerField(default=0, verbose_name=_("1-star reviews"))
    count_2 = models.PositiveIntegerField(default=0, verbose_name=_("2-star reviews"))
    count_3 = models.PositiveIntegerField(default=0, verbose_name=_("3-star reviews"))
    count_4 = models.PositiveIntegerField(default=0, verbose_name=_("4-star reviews"))
    count_5 = models.PositiveIntegerField(default=0, verbose_name=_("5-star reviews"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("app rating")
        verbose_name_plural = _("app ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    count=F("count_1") + F("count_2") + F("count_3") + F("count_4") + F("count_5")
                ),
                name="app_rating_count_matches_stars",
            ),
            models.CheckConstraint(
                condition=Q(
                    sum=F("count_1")
                    + 2 * F("count_2")
                    + 3 * F("count_3")
                    + 4 * F("count_4")
                    + 5 * F("count_5")
                ),
                name="app_rating_sum_matches_stars",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.app}: {self.average or '-'} ({self.count})"

    @property
    def average(self) -> float | None:
        return round(self.sum / self.count, 1) if self.count else None

    def star_counts(self) -> dict[int, int]:
        return {star: getattr(self, f"count_{star}") for star in RATINGS}


class ReviewReplyTemplate(SavedReply):
    """Saved official replies: the review kind of voc_portal.replies' one template table.

    {customer_name} and {app} are filled in when one is used.
    """

    KIND = ReplyKind.REVIEW
    objects = OfKindManager(ReplyKind.REVIEW)

    class Meta:
        proxy = True
        verbose_name = _("review reply template")
        verbose_name_plural = _("review reply templates")

    def render(self, *, customer: Customer, app: str) -> str:
        return render_reply_template(self.body, customer=customer, app=app)


def render_reply_template(body: str, *, customer: Customer, app: str) -> str:
    """Fill {customer_name} and {app}; any other brace text is left as written.

    A reply is published: {customer_name} is the public display name only (docs/privacy.md),
    so the caller passes the customer, never a name it chose.
    """
    return reply_template_fill(body, {"customer_name": customer.public_name, "app": app})


class AppRatingSnapshot(models.Model):
    """An app's rating figures as the day's alert sweep found them (reviews.alerts): what the
    rating-drop alert compares today's average with."""

    app = models.ForeignKey(
        App, on_delete=models.CASCADE, related_name="rating_snapshots", verbose_name=_("app")
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("review count"))
    sum = models.PositiveIntegerField(_("sum of stars"))

    class Meta:
        verbose_name = _("app rating snapshot")
        verbose_name_plural = _("app rating snapshots")
        constraints = [
            models.UniqueConstraint(fields=["app", "day"], name="app_rating_snapshot_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.app_id} {self.day}: {self.sum}/{self.count}"
