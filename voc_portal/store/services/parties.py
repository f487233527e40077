"""Developer accounts (with their notification addresses) and customers, by the store's id."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership, User
from voc_portal.core.errors import Conflict

from ..models import StoreCustomer, StoreDeveloper
from .common import is_stale


def _user_for_email(email: str) -> User:
    """An existing sign-in, or a new one without a password (they may set one by reset)."""
    user = User.objects.filter(email=email.lower()).first()
    return user or User.objects.create_user(email=email, password=None)


def _notifications_set(account: DeveloperAccount, emails: list[str], previous: list[str]) -> None:
    for email in emails:
        membership, _created = Membership.objects.get_or_create(
            account=account, user=_user_for_email(email), defaults={"notify_inquiries": True}
        )
        if not membership.notify_inquiries:
            membership.notify_inquiries = True
            membership.save(update_fields=["notify_inquiries"])
    dropped = set(previous) - set(emails)
    Membership.objects.filter(account=account, user__email__in=dropped).update(
        notify_inquiries=False
    )


def developer_upsert(
    *,
    store_id: str,
    name: str,
    support_email: str,
    notification_emails: list[str],
    updated_at: datetime | None = None,
) -> StoreDeveloper:
    emails = sorted({e.strip().lower() for e in notification_emails})
    with transaction.atomic():
        link = (
            StoreDeveloper.objects.select_for_update()
            .select_related("account")
            .filter(store_id=store_id)
            .first()
        )
        if link is not None and is_stale(updated_at, link.source_updated_at):
            return link
        if link is None:
            account = DeveloperAccount.objects.create(name=name, support_email=support_email)
            link = StoreDeveloper(store_id=store_id, account=account)
            previous: list[str] = []
        else:
            account, previous = link.account, list(link.notification_emails)
            account.name, account.support_email = name, support_email
            account.save(update_fields=["name", "support_email"])
        _notifications_set(account, emails, previous)
        link.notification_emails = emails
        link.source_updated_at = updated_at or link.source_updated_at
        link.synced_at = timezone.now()
        link.save()
        return link


def customer_upsert(
    *,
    store_id: str,
    customer_number: str,
    email: str,
    language: str,
    full_name: str = "",
    updated_at: datetime | None = None,
) -> StoreCustomer:
    email = email.strip().lower()
    try:
        with transaction.atomic():
            return _customer_upsert(
                store_id, customer_number, email, language, full_name, updated_at
            )
    except IntegrityError as exc:
        # The email or customer number belongs to another customer of the portal.
        raise Conflict(
            _("The email address or customer number is already another customer's."),
            code="customer_conflict",
        ) from exc


def _customer_upsert(store_id, customer_number, email, language, full_name, updated_at):
    link = (
        StoreCustomer.objects.select_for_update()
        .select_related("customer__user")
        .filter(store_id=store_id)
        .first()
    )
    if link is not None and is_stale(updated_at, link.source_updated_at):
        return link
    if link is None:
        user = User.objects.create_user(
            email=email, password=None, language=language, full_name=full_name
        )
        customer = Customer.objects.create(user=user, customer_number=customer_number)
        link = StoreCustomer(store_id=store_id, customer=customer)
    else:
        customer = link.customer
        user = customer.user
        user.email, user.language, user.full_name = email, language, full_name
        user.save(update_fields=["email", "language", "full_name"])
        customer.customer_number = customer_number
        customer.save(update_fields=["customer_number"])
    link.source_updated_at = updated_at or link.source_updated_at
    link.synced_at = timezone.now()
    link.save()
    return link
