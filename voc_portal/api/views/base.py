"""What every /api/v1 view shares: the token's membership, and nothing else implicit."""

from __future__ import annotations

from functools import cached_property

from django.http import Http404
from rest_framework.views import APIView

from voc_portal.accounts.models import Membership
from voc_portal.catalog.selectors import app_list_for_account

from ..authentication import token_membership


class MemberAPIView(APIView):
    """A view acting for the token's member in the token's developer account only."""

    @cached_property
    def membership(self) -> Membership:
        return token_membership(self.request)

    @property
    def account(self):
        return self.membership.account

    def require_own_app(self, app_id: int | None) -> None:
        """A filter naming another account's app (or none) is a 404, like any foreign id."""
        if (
            app_id is not None
            and not app_list_for_account(account=self.account).filter(pk=app_id).exists()
        ):
            raise Http404("No such app.")
