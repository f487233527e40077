from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError


class UnknownReference(DomainError):
    """A referenced store id is not known yet: send it first."""

    code = "unknown_reference"
    status = 422


def is_stale(incoming: datetime | None, stored: datetime | None) -> bool:
    """An upsert the store made before the one we hold: ignored (answered with what we hold)."""
    return incoming is not None and stored is not None and incoming < stored


def unknown(kind: str, store_id: str, field: str) -> UnknownReference:
    return UnknownReference(
        _("No %(kind)s with the store id %(id)s; send it before what refers to it.")
        % {"kind": kind, "id": store_id},
        field=field,
    )
