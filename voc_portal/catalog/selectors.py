"""Reads of apps and purchases for the apps above the catalog: apps, consent to show identifiers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from voc_portal.accounts.models import DeveloperAccount, Membership

from .models import UNMASKING_SOURCES, App, AppAccess, Purchase, PurchaseConsent


def app_list_for_account(*, account: DeveloperAccount) -> QuerySet[App]:
    return App.objects.filter(account=account).order_by("title", "id")


def app_ids_for_membership(membership: Membership) -> set[int] | None:
    """The apps a member may see: None for every app of the account, else their app ids.

    Cached on the membership object: views and selectors ask several times per request.
    """
    if membership.all_apps:
        return None
    cached = getattr(membership, "_voc_app_ids", None)
    if cached is None:
        cached = set(
            AppAccess.objects.filter(
                membership=membership, app__account_id=membership.account_id
            ).values_list("app_id", flat=True)
        )
        membership._voc_app_ids = cached
    return cached


def app_visible_to(membership: Membership, app_id: int) -> bool:
    ids = app_ids_for_membership(membership)
    return ids is None or app_id in ids


def app_list_for_membership(*, membership: Membership) -> QuerySet[App]:
    apps = app_list_for_account(account=membership.account)
    ids = app_ids_for_membership(membership)
    return apps if ids is None else apps.filter(pk__in=ids)


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
