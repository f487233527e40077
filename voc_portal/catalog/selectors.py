"""Reads about purchases for every app above the catalog: consent to show identifiers."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Purchase, PurchaseConsent


def purchase_consented_ids(*, purchase_ids: Iterable[int]) -> set[int]:
    """The ids among `purchase_ids` whose customer consented (O) to showing identifiers."""
    ids = set(purchase_ids)
    if not ids:
        return set()
    return set(
        PurchaseConsent.objects.filter(purchase_id__in=ids)
        .values_list("purchase_id", flat=True)
        .distinct()
    )


def purchase_has_consent(*, purchase: Purchase) -> bool:
    """Consent O given for this purchase (by the developer's form or by the customer's link)."""
    return PurchaseConsent.objects.filter(purchase=purchase).exists()
