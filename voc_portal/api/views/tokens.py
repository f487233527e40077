"""Settings > API tokens: create (shown once), list and revoke personal tokens (web pages);
admins and owners also see and revoke their teammates' tokens."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.access import membership_can
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError

from ..forms import ApiTokenCreateForm
from ..selectors import (
    api_token_get_for_account,
    api_token_list_for_membership,
    api_token_list_for_team,
)
from ..services import api_token_create, api_token_revoke


class ApiTokenListView(DeveloperRequiredMixin, View):
    template_name = "api/tokens.html"

    def _render(self, request, form, issued=None, status=200):
        can_manage = membership_can(self.membership, Action.TOKEN_MANAGE)
        context = {
            "form": form,
            "tokens": api_token_list_for_membership(self.membership),
            "team_tokens": api_token_list_for_team(self.membership) if can_manage else None,
            "issued": issued,
            "account": self.account,
        }
        response = render(request, self.template_name, context, status=status)
        # The page may carry a secret: never cache it anywhere.
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self._render(request, ApiTokenCreateForm())

    def post(self, request):
        form = ApiTokenCreateForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            issued = api_token_create(
                membership=self.membership,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self._render(request, form, status=400)
        # Rendered, not redirected: the secret is shown this once and kept nowhere.
        return self._render(request, ApiTokenCreateForm(), issued=issued)


class ApiTokenRevokeView(DeveloperRequiredMixin, View):
    """Revoke one of the member's tokens (Settings > Devices signs a device out the same way)."""

    back_to = "api:tokens"

    def done_message(self, token) -> str:
        return _("The token “%(name)s” was revoked.") % {"name": token.name}

    def post(self, request, pk: int):
        token = api_token_get_for_account(self.membership, pk)
        api_token_revoke(token=token, by=self.membership)
        messages.success(request, self.done_message(token))
        return redirect(self.back_to)
