"""Users (email login), developer accounts with their members, and customers."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Language(models.TextChoices):
    KO = "ko", _("Korean")
    EN = "en", _("English")


def default_language() -> str:
    """New users read the store's language (VOC_DEFAULT_LANGUAGE, "ko") until they choose."""
    return getattr(settings, "VOC_DEFAULT_LANGUAGE", "ko")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: developers, customers and ops staff (is_staff)."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=default_language
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("ops staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Emails are stored lower-cased (save()); this keeps the rule true for raw SQL too.
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lowercase"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class DeveloperAccount(models.Model):
    """The seller: owns apps and has members."""

    name = models.CharField(_("name"), max_length=120)
    support_email = models.EmailField(_("support email"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # New inquiries go in turn to the members who answer (accounts.roles.ANSWERING_ROLES).
    # db_default too: rows written by code (or a migration's historical model) that predates the
    # column still get a value, so adding it is safe while old code runs.
    round_robin = models.BooleanField(
        _("assign new inquiries in turn"), default=False, db_default=False
    )
    members = models.ManyToManyField(
        User, through="Membership", related_name="developer_accounts", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("developer account")
        verbose_name_plural = _("developer accounts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    Role = Role  # declared once in accounts.roles

    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("developer account"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AGENT)
    # False: the member sees only the apps listed for them (catalog.AppAccess).
    all_apps = models.BooleanField(_("access to every app"), default=True, db_default=True)
    # When round-robin last gave this member an inquiry: the next one goes to the longest idle.
    last_assigned_at = models.DateTimeField(_("last assigned at"), null=True, blank=True)
    # Each member chooses whether new inquiries and customer follow-ups reach them by email.
    notify_inquiries = models.BooleanField(_("email me about inquiries"), default=True)
    # Review alerts (reviews.alerts): a new review of 1-2 stars, the app's rating dropping by
    # 0.3 or more within a week. Off until the member opts in.
    notify_reviews = models.BooleanField(
        _("email me review alerts"), default=False, db_default=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]
        indexes = [models.Index(fields=["user", "account"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.account} ({self.role})"


class Invitation(models.Model):
    """An emailed invitation to join an account with a role; the link is signed, single-use
    (accepted_at) and expires (expires_at). Pending = none of accepted/revoked, not expired."""

    account = models.ForeignKey(
        DeveloperAccount,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("developer account"),
    )
    email = models.EmailField(_("email address"), max_length=254)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AGENT)
    invited_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted at"))
    accepted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["account", "-created_at"], name="invitation_account_idx")]
        constraints = [
            # One open invitation per address and account: inviting again re-sends that one.
            models.UniqueConstraint(
                fields=["account", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="invitation_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.account} ({self.role})"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


# An erased customer's sign-in is renamed to erased-<id>@ this domain (voc_portal.privacy).
ERASED_EMAIL_DOMAIN = "erased.invalid"


def public_display_name(full_name: str | None) -> str:
    """The one public form of a customer's name (docs/privacy.md): "이*원", "김*", "Jane D.".

    One word keeps its first and last letter and masks the rest; several words keep the first
    word and the initial of the last. Never the email, its local part or the customer number;
    no name at all is shown as "Customer".
    """
    parts = (full_name or "").split()
    if not parts:
        return str(_("Customer"))
    if len(parts) > 1:
        return f"{parts[0]} {parts[-1][0]}."
    name = parts[0]
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class Customer(models.Model):
    """A store user. Signs in with their User; identified to developers by customer number."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="customer", verbose_name=_("user")
    )
    customer_number = models.CharField(_("customer number"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.customer_number

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def name(self) -> str:
        """The full name (or email): for the customer themself and store operations only."""
        return self.user.get_full_name()

    @property
    def public_name(self) -> str:
        """How every developer and visitor sees this customer (docs/privacy.md)."""
        if self.user.email.endswith("@" + ERASED_EMAIL_DOMAIN):
            return str(_("Deleted user"))
        return public_display_name(self.user.full_name)

    @property
    def language(self) -> str:
        return self.user.language
