"""Per-token throttling ("token" rate) and per-address throttling of anonymous requests.

Every throttle takes the address from core.client_ip (X-Forwarded-For only from a trusted proxy,
VOC_TRUSTED_PROXIES), never DRF's default, which believes the header from anyone.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from voc_portal.core.client_ip import client_address

from .models import ApiToken


class _LiveRatesMixin:
    """Read the rate when asked, not at import time, so settings overrides take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class TokenRateThrottle(_LiveRatesMixin, SimpleRateThrottle):
    """Each token has its own budget, whoever holds it and from wherever."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousRateThrottle(_LiveRatesMixin, AnonRateThrottle):
    scope = "anon"


class FailedAuthenticationThrottle(_LiveRatesMixin, SimpleRateThrottle):
    """Per address, failed token attempts share the anonymous budget: guessing stays slow."""

    scope = "anon"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DeviceSignInThrottle(_LiveRatesMixin, SimpleRateThrottle):
    """The app's password sign-in, per address (django-axes locks the account on top)."""

    scope = "device_sign_in"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
