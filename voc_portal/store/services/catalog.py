"""Apps by the store's id, and the consent the store's own consent screen recorded."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.catalog.models import App, PurchaseConsent
from voc_portal.catalog.services import purchase_consent_record
from voc_portal.core.errors import Conflict, DomainError, PermissionDenied

from ..models import StoreApp, StoreDeveloper, StorePurchase
from .common import is_stale, unknown


def _default_title(titles: dict[str, str]) -> str:
    default = settings.LANGUAGE_CODE.split("-")[0]
    return titles.get(default) or next(iter(titles.values()))


def app_upsert(
    *,
    store_id: str,
    developer_id: str,
    package_name: str,
    titles: dict[str, str],
    price: int,
    is_free: bool,
    updated_at: datetime | None = None,
) -> StoreApp:
    if is_free != (price == 0):
        raise DomainError(_("A free app has price 0; a paid app a price above 0."), field="price")
    developer = StoreDeveloper.objects.filter(store_id=developer_id).first()
    if developer is None:
        raise unknown("developer account", developer_id, "developer_id")
    try:
        with transaction.atomic():
            link = StoreApp.objects.select_for_update().select_related("app")
            link = link.filter(store_id=store_id).first()
            if link is not None and is_stale(updated_at, link.source_updated_at):
                return link
            values = {
                "account_id": developer.account_id,
                "package_name": package_name,
                "title": _default_title(titles)[:120],
                "price": price,
            }
            if link is None:
                link = StoreApp(store_id=store_id, app=App.objects.create(**values))
            else:
                App.objects.filter(pk=link.app_id).update(**values)
            link.titles = titles
            link.source_updated_at = updated_at or link.source_updated_at
            link.synced_at = timezone.now()
            link.save()
    except IntegrityError as exc:
        raise Conflict(
            _("The package name %(name)s is already another app's.") % {"name": package_name},
            code="package_name_taken",
        ) from exc
    link.app.refresh_from_db()
    return link


def purchase_consent_from_store(
    *, purchase_id: str, customer_number: str, given_at: datetime, channel: str
) -> tuple[PurchaseConsent, bool]:
    """The customer's own O on the store's consent screen, relayed by the store (source store).

    The store names the customer who answered; only the purchase's own customer can consent
    (docs/privacy.md), so another customer number is refused. The same answer sent again
    (same purchase and time) is the row already recorded.
    """
    with transaction.atomic():
        link = (
            StorePurchase.objects.select_for_update()
            .select_related("purchase__customer")
            .filter(store_id=purchase_id)
            .first()
        )
        if link is None:
            raise unknown("purchase", purchase_id, "purchase_id")
        purchase = link.purchase
        if purchase.customer.customer_number != customer_number:
            raise PermissionDenied(_("Only the customer who made the purchase can consent."))
        existing = PurchaseConsent.objects.filter(
            purchase=purchase, source=PurchaseConsent.Source.STORE, given_at=given_at
        ).first()
        if existing is not None:
            return existing, False
        consent = purchase_consent_record(
            purchase=purchase,
            source=PurchaseConsent.Source.STORE,
            given_at=given_at,
            channel=channel,
            user_agent="store consent screen",
        )
        return consent, True
