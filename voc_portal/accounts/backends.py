"""Email and password sign-in, with the customers' local passwords switchable off.

With VOC_CUSTOMER_PASSWORDS off (a store that signs its customers in itself, through its
identity provider: voc_portal.store.oidc), a customer's password no longer signs them in and a
session made with one is no longer accepted; developers and staff keep their passwords.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

# The backend a session made by our own code (an invitation's sign-up, the bench, tests) names:
# Django accepts a session only if its backend is in AUTHENTICATION_BACKENDS.
PASSWORD_BACKEND = "voc_portal.accounts.backends.PasswordBackend"  # noqa: S105 (a dotted path)


class PasswordBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return settings.VOC_CUSTOMER_PASSWORDS or not hasattr(user, "customer")
