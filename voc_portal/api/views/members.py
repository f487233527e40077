"""The team behind a token: its members (any member may read) and invitations (owners only).

Every write goes through accounts.team, which checks the role (accounts.access), as the web's
Settings > Members page does.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from voc_portal.accounts.access import role_require
from voc_portal.accounts.models import Invitation
from voc_portal.accounts.roles import Action, Role
from voc_portal.accounts.selectors import invitation_list_pending, membership_list_for_account
from voc_portal.accounts.team import invitation_create, invitation_revoke

from ..idempotency import IDEMPOTENCY_PARAMETER, idempotent
from ..schema import errors
from .base import MemberAPIView


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Use it to assign an inquiry.")
    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    role = serializers.ChoiceField(choices=Role.choices)
    all_apps = serializers.BooleanField(help_text="False: sees only the apps they were given.")
    is_me = serializers.SerializerMethodField()

    def get_is_me(self, membership) -> bool:
        return membership.pk == self.context["me"]


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class InvitationCreateSerializer(serializers.Serializer):
    # The address and role checks are the service's (accounts.team), not repeated here.
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.AGENT)


class MemberListView(MemberAPIView):
    @extend_schema(
        operation_id="members_list",
        summary="The members of the token's developer account (for assignment)",
        responses={200: MemberSerializer(many=True)},
        tags=["team"],
    )
    def get(self, request):
        members = membership_list_for_account(self.account)
        context = {"me": self.membership.pk}
        return Response(MemberSerializer(members, many=True, context=context).data)


class InvitationListView(MemberAPIView):
    @extend_schema(
        operation_id="invitations_list",
        summary="Pending invitations (owners only)",
        responses={200: InvitationSerializer(many=True), **errors(403)},
        tags=["team"],
    )
    def get(self, request):
        role_require(self.membership, Action.MEMBER_MANAGE)
        pending = invitation_list_pending(self.account)
        return Response(InvitationSerializer(pending, many=True).data)

    @extend_schema(
        operation_id="invitations_create",
        summary="Invite someone by email (owners only); inviting again re-sends the link",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **errors(400, 403, 409, 422)},
        tags=["team"],
    )
    @idempotent
    def post(self, request):
        data = InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitation_create(membership=self.membership, **data.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailView(MemberAPIView):
    @extend_schema(
        operation_id="invitations_revoke",
        summary="Revoke a pending invitation (owners only): its link stops working",
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={204: None, **errors(403, 404, 409, 422)},
        tags=["team"],
    )
    @idempotent
    def delete(self, request, pk: int):
        role_require(self.membership, Action.MEMBER_MANAGE)
        invitation = Invitation.objects.filter(account=self.account, pk=pk).first()
        if invitation is None:
            raise Http404("No such invitation.")
        invitation_revoke(membership=self.membership, invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)
