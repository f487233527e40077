"""Every write of the Store API: upserts keyed by the store's ids, notifications, consent.

Each runs in one transaction with the link row locked; a record older than the one we hold
(`updated_at`) changes nothing, so the store may resend in any order.
"""

from .catalog import app_upsert, purchase_consent_from_store
from .parties import customer_upsert, developer_upsert
from .payments import payment_notification_receive
from .purchases import PurchaseRow, purchase_upsert_one, purchases_upsert

__all__ = [
    "PurchaseRow",
    "app_upsert",
    "customer_upsert",
    "developer_upsert",
    "payment_notification_receive",
    "purchase_consent_from_store",
    "purchase_upsert_one",
    "purchases_upsert",
]
