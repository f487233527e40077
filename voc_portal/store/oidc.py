"""Customers sign in through the store's OpenID Connect provider (mozilla-django-oidc).

Authorization code flow with PKCE; the ID token is checked against the provider's keys (RS256,
JWKS) and the user info's `sub` is the store's **customer number**: it signs in the portal's
customer with that number, who must have been sent first (`PUT /store-api/v1/customers/{id}/`).
Nobody else signs in this way (not developers, not staff), and nobody is created here. Until the
OIDC_* settings are given the backend answers no one and the views are 404s (docs/
store-integration.md, "Customer sign-in").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)


def store_sign_in_configured() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


class StoreOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        self.configured = store_sign_in_configured()
        if self.configured:  # the library reads (and requires) its settings here
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.configured:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        sub = claims.get("sub")
        if not sub:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            customer__customer_number=sub, is_active=True, is_staff=False
        )

    def describe_user_by_claims(self, claims) -> str:
        return f"customer number {claims.get('sub')}"

    def create_user(self, claims):
        return None  # customers come from the store's records, not from a sign-in

    def update_user(self, user, claims):
        return user  # the store's PUT /customers/ owns email and name


class StoreOIDCAuthenticateView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: to the provider's authorization endpoint (state, nonce, PKCE)."""

    def __init__(self, *args, **kwargs):
        if store_sign_in_configured():
            super().__init__(*args, **kwargs)
        else:
            View.__init__(self, *args, **kwargs)

    def get(self, request):
        if not store_sign_in_configured():
            raise Http404
        return super().get(request)


class StoreOIDCCallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: a refused sign-in goes back to the sign-in page, saying why."""

    def login_failure(self):
        messages.error(
            self.request,
            _("The store could not sign you in here. If you just created your store account, "
              "try again in a few minutes."),
        )  # fmt: skip
        return HttpResponseRedirect(reverse("accounts:login"))
