"""`Authorization: Bearer <token>`: the request acts for one member in one developer account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .models import ApiToken
from .selectors import api_token_for_secret
from .services import api_token_touch
from .throttling import FailedAuthenticationThrottle


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send exactly one token: Authorization: Bearer <token>.")
            )
        try:
            raw = header[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        token = api_token_for_secret(raw)
        if token is None:
            throttle = FailedAuthenticationThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(wait=throttle.wait())
            # Unknown, revoked and expired tokens look the same from outside.
            raise exceptions.AuthenticationFailed(_("The token is not valid or has expired."))
        api_token_touch(token=token)
        return token.membership.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) with WWW-Authenticate when no token was sent.
        return f'{self.keyword} realm="api"'


class HasMemberToken(permissions.BasePermission):
    """The request carries a usable personal token (request.auth is the ApiToken)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken)


def token_membership(request):
    """The membership the request's token acts for (its developer account, never another)."""
    return request.auth.membership


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "voc_portal.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token created in Settings > API tokens (voc_...).",
        }
