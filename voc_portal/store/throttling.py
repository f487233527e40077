"""One budget per store key. The cache is voc_portal.core.cache's fail-soft Redis: with Redis
down the counters are kept per process, the API keeps answering (fail open, not 500)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .authentication import StoreKey


class StoreKeyRateThrottle(SimpleRateThrottle):
    scope = "store"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, StoreKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.key_id}


class StoreImportRateThrottle(StoreKeyRateThrottle):
    """The bulk import is heavy: its own, small budget."""

    scope = "store_import"
