"""A line of the NDJSON import as a PurchaseRow: the rules of serializers.PurchaseLine, by hand.

DRF's serializer costs about a millisecond a row (it deep-copies its fields per instance), which
is most of a 100,000-row import; this checks the same fields and limits in a few microseconds.
`tests/integration/store/test_import.py` holds both to the same answers.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone

from .models import STORE_ID_MAX
from .serializers import STATES
from .services import PurchaseRow

STORE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
TEXTS = {"item_name": 150, "tid": 40, "txid": 64, "receipt_number": 40}
IDS = ("id", "customer_id", "app_id")
AMOUNT_MAX = 100_000_000


class LineError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")


def _when(obj: dict, name: str, required: bool) -> datetime | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise LineError(name, "This field is required.")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise LineError(name, "Datetime has wrong format; use ISO 8601.") from exc
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _text(obj: dict, name: str, limit: int) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value.strip():
        raise LineError(name, "This field is required (a non-empty string).")
    if len(value) > limit:
        raise LineError(name, f"Ensure this field has no more than {limit} characters.")
    return value.strip()


def purchase_row_from_line(obj: dict, line: int) -> PurchaseRow:
    ids = {}
    for name in IDS:
        value = obj.get(name)
        if not isinstance(value, str) or len(value) > STORE_ID_MAX or not STORE_ID.match(value):
            raise LineError(name, "Letters, digits and . _ : - only, 1 to 64.")
        ids[name] = value
    amount = obj.get("amount")
    if isinstance(amount, str) and amount.isdigit():  # as DRF's IntegerField: "3300" is 3300
        amount = int(amount)
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= AMOUNT_MAX:
        raise LineError("amount", f"A whole number from 0 to {AMOUNT_MAX}.")
    state = obj.get("state", "COMPLETED")
    if state not in STATES:
        raise LineError("state", f'"{state}" is not a valid choice.')
    return PurchaseRow(
        store_id=ids["id"],
        customer_id=ids["customer_id"],
        app_id=ids["app_id"],
        amount=amount,
        state=state,
        purchased_at=_when(obj, "purchased_at", True),
        state_at=_when(obj, "state_at", False),
        updated_at=_when(obj, "updated_at", False),
        line=line,
        **{name: _text(obj, name, limit) for name, limit in TEXTS.items()},
    )
