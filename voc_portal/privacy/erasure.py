"""Erasure requests: a customer's personal data anonymised across domains, in one transaction.

Each domain erases its own rows; here the sign-in is anonymised, consent rows lose the address
and browser, and one audit row records who erased whom. Purchases keep what settlement needs
(app, item, time, amount, state, the store's TID / TXID / receipt number) and point at the
anonymised customer; the customer number stays, as the store's settlement key.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from inquiries.services.privacy import customer_inquiries_erase
from refunds.services.privacy import customer_refunds_erase
from reviews.services.privacy import customer_reviews_erase
from voc_portal.accounts.models import ERASED_EMAIL_DOMAIN, Customer, User
from voc_portal.catalog.models import PurchaseConsent
from voc_portal.catalog.privacy import customer_payment_identifiers

from .models import LifecycleRun


def customer_erase(
    *, customer: Customer, actor: User, remove_reviews: bool = False
) -> LifecycleRun:
    """Anonymise the customer; running it again changes nothing more (and is recorded)."""
    now = timezone.now()
    identifiers = customer_payment_identifiers(customer_id=customer.pk)
    with transaction.atomic():
        counts = {
            "messages": customer_inquiries_erase(customer_id=customer.pk, identifiers=identifiers),
            "reviews": customer_reviews_erase(
                customer_id=customer.pk, identifiers=identifiers, remove=remove_reviews
            ),
            "refund_requests": customer_refunds_erase(
                customer_id=customer.pk, identifiers=identifiers
            ),
        }
        PurchaseConsent.objects.filter(purchase__customer_id=customer.pk).update(
            ip_address=None, user_agent=""
        )
        user = customer.user
        user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "full_name", "is_active", "password"])
        counts["customer_number"] = customer.customer_number
        counts["reviews_removed"] = remove_reviews
        counts["by"] = actor.pk
        return LifecycleRun.objects.create(
            kind=LifecycleRun.Kind.ERASURE, ran_at=now, cutoff=now, counts=counts
        )
