"""Writes about a team: invitations, members' roles, removal, the team's settings.

Owners manage members and roles (accounts.roles MEMBER_MANAGE), admins the settings. An
account always keeps an owner: the last one can be neither demoted nor removed, nor leave.
Invitation links are signed (django.core.signing), single-use (accepted_at, under a row lock)
and expire (expires_at, VOC_INVITATION_MAX_AGE_DAYS); the email goes through the outbox.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.core.errors import Conflict, DomainError, NotFound

from .access import role_require
from .hooks import account_email_requested
from .models import DeveloperAccount, Invitation, Membership, User
from .roles import RANK, Action, Role

_SALT = "voc.accounts.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "t": invitation.created_at.timestamp()}, salt=_SALT)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL.rstrip("/") + path


def _invitation_email(invitation: Invitation, inviter: User) -> None:
    invitee = User.objects.filter(email=invitation.email).only("pk", "language").first()
    queued = account_email_requested.send(
        kind="invitation",
        template="invitation",
        to_email=invitation.email,
        user_id=invitee.pk if invitee else None,
        # The invitee's own language when they have an account; a newcomer gets the inviter's.
        language=invitee.language if invitee else inviter.language,
        dedupe_key=f"invitation:{invitation.pk}:{invitation.created_at.timestamp()}",
        context={
            "account_name": invitation.account.name,
            "inviter_name": inviter.get_full_name(),
            "role": invitation.get_role_display(),
            "accept_url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        },
    )
    if not queued:
        raise DomainError(_("Email is not available; try again later."), code="no_outbox")


def _email_clean(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid email address."), code="invalid", field="email") from exc
    return email


def _role_clean(role: str) -> str:
    if role not in Role.values:
        raise DomainError(_("Choose a role."), code="invalid_role", field="role")
    return role


def invitation_create(*, membership: Membership, email: str, role: str) -> Invitation:
    """An owner invites `email` with `role`. Inviting an open address again renews and re-sends
    the same invitation (new link, new expiry; the old link stops working)."""
    role_require(membership, Action.MEMBER_MANAGE)
    email, role = _email_clean(email), _role_clean(role)
    account = membership.account
    if Membership.objects.filter(account=account, user__email=email).exists():
        raise Conflict(_("%(email)s is already a member.") % {"email": email}, code="member")
    now = timezone.now()
    with transaction.atomic():
        invitation, _created = Invitation.objects.select_for_update().get_or_create(
            account=account,
            email=email,
            accepted_at=None,
            revoked_at=None,
            defaults={"role": role, "expires_at": now, "invited_by": membership.user},
        )
        invitation.role = role
        invitation.invited_by = membership.user
        invitation.created_at = now
        invitation.expires_at = now + timedelta(days=settings.VOC_INVITATION_MAX_AGE_DAYS)
        invitation.save(update_fields=["role", "invited_by", "created_at", "expires_at"])
        _invitation_email(invitation, membership.user)
    return invitation


def invitation_revoke(*, membership: Membership, invitation: Invitation) -> Invitation:
    role_require(membership, Action.MEMBER_MANAGE)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.account_id != membership.account_id:
            raise NotFound(_("No such invitation."))
        if locked.accepted_at is not None or locked.revoked_at is not None:
            raise Conflict(_("This invitation is no longer open."), code="invitation_closed")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, if it is still open; else a DomainError saying why."""
    try:
        data = signing.loads(token, salt=_SALT)
        invitation = Invitation.objects.select_related("account").get(pk=data["i"])
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError) as exc:
        raise NotFound(_("This invitation link is not valid.")) from exc
    if data.get("t") != invitation.created_at.timestamp() or not invitation.is_pending():
        raise Conflict(
            _("This invitation was used, revoked or has expired. Ask for a new one."),
            code="invitation_closed",
        )
    return invitation


def invitation_accept(*, token: str, user: User) -> Membership:
    """The signed-in `user` joins through the link. The invitation is for an address, but the
    link is what proves it reached its owner: whoever opens it signed in joins (once)."""
    invitation = invitation_for_token(token)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending():
            raise Conflict(_("This invitation was used already."), code="invitation_closed")
        now = timezone.now()
        membership, _created = Membership.objects.get_or_create(
            account_id=locked.account_id, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = now
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _owners_left(account_id: int, *, without: Membership) -> int:
    return (
        Membership.objects.filter(account_id=account_id, role=Role.OWNER)
        .exclude(pk=without.pk)
        .count()
    )


def _target_lock(membership: Membership, target: Membership) -> Membership:
    """Lock the account's owner rows, then the target: two owners demoting each other at once
    cannot both succeed (the second sees the first's change)."""
    list(
        Membership.objects.select_for_update()
        .filter(account_id=membership.account_id, role=Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = Membership.objects.select_for_update().filter(pk=target.pk).first()
    if locked is None or locked.account_id != membership.account_id:
        raise NotFound(_("No such member."))
    return locked


def membership_role_set(*, membership: Membership, target: Membership, role: str) -> Membership:
    """An owner changes a member's role; the last owner keeps theirs."""
    role_require(membership, Action.MEMBER_MANAGE)
    role = _role_clean(role)
    with transaction.atomic():
        locked = _target_lock(membership, target)
        demoted = locked.role == Role.OWNER and role != Role.OWNER
        if demoted and not _owners_left(locked.account_id, without=locked):
            raise Conflict(
                _("An account needs an owner: make someone else owner first."),
                code="last_owner",
            )
        locked.role = role
        # Owners and admins see every app; a restriction given to an agent ends on promotion.
        locked.all_apps = locked.all_apps or RANK[Role(role)] >= RANK[Role.ADMIN]
        locked.save(update_fields=["role", "all_apps"])
    return locked


def membership_remove(*, membership: Membership, target: Membership) -> None:
    """An owner removes a member, or a member leaves (target is themself).

    The membership row goes, and with it (database cascade) the member's API tokens for this
    account; their reply-by-email addresses stop working because inbound replies need a
    membership made before the address was issued (inquiries.inbound). Their inquiries become
    unassigned.
    """
    if target.pk != membership.pk:
        role_require(membership, Action.MEMBER_MANAGE)
    with transaction.atomic():
        locked = _target_lock(membership, target)
        if locked.role == Role.OWNER and not _owners_left(locked.account_id, without=locked):
            raise Conflict(
                _("An account needs an owner: make someone else owner first."), code="last_owner"
            )
        locked.delete()


def account_round_robin_set(*, membership: Membership, enabled: bool) -> DeveloperAccount:
    role_require(membership, Action.SETTINGS_MANAGE)
    with transaction.atomic():
        account = DeveloperAccount.objects.select_for_update().get(pk=membership.account_id)
        account.round_robin = enabled
        account.save(update_fields=["round_robin"])
    membership.account.round_robin = enabled
    return account


def invitation_sign_up(*, token: str, full_name: str, password: str) -> Membership:
    """A newcomer signs up through the link: the account is made for the invited address
    (the link proved it reaches them) and joins at once. An address that has a user signs in."""
    invitation = invitation_for_token(token)
    if User.objects.filter(email=invitation.email).exists():
        raise Conflict(
            _("%(email)s has an account already: sign in to join.") % {"email": invitation.email},
            code="user_exists",
        )
    user = User(email=invitation.email, full_name=full_name.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            " ".join(exc.messages), code="invalid_password", field="password"
        ) from exc
    with transaction.atomic():
        user = User.objects.create_user(email=invitation.email, password=password)
        user.full_name = full_name.strip()
        user.save(update_fields=["full_name"])
        return invitation_accept(token=token, user=user)
