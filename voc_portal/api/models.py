"""Personal API tokens (one member in one developer account) and stored idempotent responses."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.accounts.models import Membership


class ApiToken(models.Model):
    """A bearer token that acts for `membership.user` in `membership.account` only.

    `kind` "device": issued by the app's sign-in (POST /api/v1/devices/) to one phone, named after
    it, always with an expiry; listed in Settings > Devices, revoked by the app's sign-out.

    Only the sha256 of the secret is stored; `prefix` (the first characters of the secret)
    is kept so a member can tell their tokens apart.
    """

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("membership"),
    )

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal token")
        DEVICE = "device", _("Device")

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSONAL, db_default="personal"
    )
    prefix = models.CharField(_("prefix"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # Updated at most once a minute (see services.api_token_touch): no write per request.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [
            models.Index(fields=["membership", "-created_at"], name="api_token_membership_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The first response to a POST/PUT/PATCH/DELETE sent with an `Idempotency-Key`.

    Unique per (token, key): a concurrent duplicate waits on the unique index until the first
    request's transaction commits, then reads its stored response.
    """

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="+", verbose_name=_("API token")
    )
    key = models.CharField(max_length=255, verbose_name=_("idempotency key"))
    # sha256 of method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64, verbose_name=_("request fingerprint"))
    status_code = models.PositiveSmallIntegerField(verbose_name=_("status code"))
    response_body = models.JSONField(null=True, blank=True, verbose_name=_("response body"))
    response_headers = models.JSONField(
        default=dict, blank=True, verbose_name=_("response headers")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_token_key_unique"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code}"
