"""What every /api/v1 view shares: the token's membership, and nothing else implicit."""

from __future__ import annotations

from functools import cached_property

from rest_framework.views import APIView

from voc_portal.accounts.models import Membership

from ..authentication import token_membership


class MemberAPIView(APIView):
    """A view acting for the token's member in the token's developer account only."""

    @cached_property
    def membership(self) -> Membership:
        return token_membership(self.request)

    @property
    def account(self):
        return self.membership.account
