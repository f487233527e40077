"""/api/v1/views/: saved views for the mobile app (list with counts, save, rename, delete)."""

from __future__ import annotations

from django.http import QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import Action, role_allows
from voc_portal.api.fields import StrictBooleanField, StrictCharField, TextField
from voc_portal.api.schema import errors
from voc_portal.api.views.base import MemberAPIView

from . import selectors, services
from .models import NAME_MAX, QUERY_MAX


class SavedViewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    query = serializers.CharField(help_text="The list's query string, e.g. category=refund.")
    shared = serializers.BooleanField()
    count = serializers.IntegerField(
        allow_null=True, help_text="Items the view matches now; null if its filter no longer holds."
    )
    is_own = serializers.BooleanField()
    can_manage = serializers.BooleanField()


class SavedViewQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["inbox", "reviews"])


class SavedViewCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["inbox", "reviews"])
    name = TextField(max_length=NAME_MAX)
    query = StrictCharField(max_length=QUERY_MAX, allow_blank=True, required=False, default="")
    shared = StrictBooleanField(required=False, default=False)


class SavedViewRenameSerializer(serializers.Serializer):
    # PATCH: a body without a name changes nothing (and answers the view as it is).
    name = TextField(max_length=NAME_MAX, required=False)


def _manages_shared(membership: Membership) -> bool:
    return role_allows(membership.role, Action.SHARED_VIEW_MANAGE)


def _one(view, membership: Membership):
    """A single view as the list shows it (with its count: one more aggregate)."""
    views = selectors.saved_view_list(
        account=view.account,
        user=membership.user,
        kind=view.kind,
        manages_shared=_manages_shared(membership),
    )
    return next(v for v in views if v.pk == view.pk)


class SavedViewListView(MemberAPIView):
    @extend_schema(
        operation_id="views_list",
        summary="Your saved views and the shared ones of one list, with counts",
        parameters=[SavedViewQuerySerializer],
        responses={200: SavedViewSerializer(many=True), **errors(400)},
        tags=["views"],
    )
    def get(self, request):
        query = SavedViewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        views = selectors.saved_view_list(
            account=self.account,
            user=self.membership.user,
            kind=query.validated_data["kind"],
            manages_shared=_manages_shared(self.membership),
        )
        return Response(SavedViewSerializer(views, many=True).data)

    @extend_schema(
        operation_id="views_create",
        summary="Save a list's filters as a named view (checked by the list's own filters)",
        request=SavedViewCreateSerializer,
        responses={201: SavedViewSerializer, **errors(400, 409)},
        tags=["views"],
    )
    def post(self, request):
        data = SavedViewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        view = services.saved_view_create(
            account=self.account,
            user=self.membership.user,
            kind=d["kind"],
            name=d["name"],
            query=QueryDict(d["query"]),
            shared=d["shared"],
        )
        body = SavedViewSerializer(_one(view, self.membership)).data
        return Response(body, status=status.HTTP_201_CREATED)


class SavedViewDetailView(MemberAPIView):
    def get_view(self, pk):
        return selectors.saved_view_get_for_member(
            account=self.account, user=self.membership.user, pk=pk
        )

    @extend_schema(
        operation_id="views_rename",
        summary="Rename a view (your own; a shared one as an account owner)",
        request=SavedViewRenameSerializer,
        responses={200: SavedViewSerializer, **errors(400, 403, 404, 409)},
        tags=["views"],
    )
    def patch(self, request, pk: int):
        view = self.get_view(pk)
        data = SavedViewRenameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "name" in data.validated_data:
            services.saved_view_rename(
                view=view, user=self.membership.user, name=data.validated_data["name"]
            )
        return Response(SavedViewSerializer(_one(view, self.membership)).data)

    @extend_schema(
        operation_id="views_delete",
        summary="Delete a view (your own; a shared one as an account owner)",
        request=None,
        responses={204: None, **errors(403, 404)},
        tags=["views"],
    )
    def delete(self, request, pk: int):
        services.saved_view_delete(view=self.get_view(pk), user=self.membership.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
