"""Settings > Members > Apps: an owner or admin chooses which apps a member sees."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.access import role_require
from voc_portal.accounts.models import Membership
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError

from .access import membership_apps_set, role_may_be_restricted
from .models import AppAccess
from .selectors import app_list_for_account


class MemberAppsView(DeveloperRequiredMixin, View):
    """GET the checkboxes; POST scope=all|some and apps=<id>… (the service checks the ids)."""

    template_name = "catalog/member_apps.html"

    def _target(self, pk: int) -> Membership:
        role_require(self.membership, Action.MEMBER_APPS_MANAGE)
        target = (
            Membership.objects.filter(account=self.account, pk=pk).select_related("user").first()
        )
        if target is None:
            raise Http404("No such member.")
        return target

    def _render(self, request, target, *, selected=None, error="", status=200):
        if selected is None:
            selected = set(
                AppAccess.objects.filter(membership=target).values_list("app_id", flat=True)
            )
        context = {
            "target": target,
            "apps": list(app_list_for_account(account=self.account)),
            "selected": selected,
            "restrictable": role_may_be_restricted(target.role),
            "error": error,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk: int):
        return self._render(request, self._target(pk))

    def post(self, request, pk: int):
        target = self._target(pk)
        raw = request.POST.getlist("apps")
        if not all(value.isdigit() and len(value) < 19 for value in raw):
            raise Http404("No such app.")
        app_ids = {int(value) for value in raw}
        all_apps = request.POST.get("scope") != "some"
        try:
            membership_apps_set(
                membership=self.membership, target=target, all_apps=all_apps, app_ids=app_ids
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            return self._render(
                request, target, selected=app_ids, error=exc.message, status=exc.status
            )
        messages.success(
            request, _("App access saved for %(name)s.") % {"name": target.user.get_full_name()}
        )
        return redirect("accounts:members")
