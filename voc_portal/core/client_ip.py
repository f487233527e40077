"""The client's address, for every throttle (API throttles, failed-token throttle, django-axes).

`X-Forwarded-For` is believed only when the peer is one of VOC_TRUSTED_PROXIES — the same list
gunicorn trusts for the scheme (FORWARDED_ALLOW_IPS, docs/operations.md) — and then only its
last hop, the one our proxy appended (anything before it the client may have written itself).
From any other peer the header is ignored: the client is the peer.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings


def address_in(address: str, networks: Iterable[str]) -> bool:
    """Whether `address` is one of `networks` (addresses or CIDR blocks); False if malformed."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    for network in networks:
        try:
            if ip in ipaddress.ip_network(network.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request) -> str:
    """The client's address (an HttpRequest or a DRF Request): never a forged header."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") or ""
    if forwarded and address_in(remote, settings.VOC_TRUSTED_PROXIES):
        last = forwarded.rsplit(",", 1)[-1].strip()
        if address_in(last, ["0.0.0.0/0", "::/0"]):
            return last
    return remote
