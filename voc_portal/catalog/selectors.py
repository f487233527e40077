"""Reads of apps and purchases for the apps above the catalog: apps, consent to show identifiers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from voc_portal.accounts.models import DeveloperAccount

from .models import UNMASKING_SOURCES, App, Purchase, PurchaseConsent


def app_list_for_account(*, account: DeveloperAccount) -> QuerySet[App]:
    return App.objects.filter(account=account).order_by("title", "id")


def purchase_consented_ids(*, purchase_ids: Iterable[int]) -> set[int]:
    """The ids among `purchase_ids` whose customer consented (O) to showing identifiers."""
    ids = set(purchase_ids)
    if not ids:
        return set()
    return set(
        PurchaseConsent.objects.filter(purchase_id__in=ids, source__in=UNMASKING_SOURCES)
        .values_list("purchase_id", flat=True)
        .distinct()
    )


def purchase_has_consent(*, purchase: Purchase) -> bool:
    """Consent O given for this purchase by its customer (link) or the store; never a developer."""
    return PurchaseConsent.objects.filter(purchase=purchase, source__in=UNMASKING_SOURCES).exists()
