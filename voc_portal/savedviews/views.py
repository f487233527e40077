"""Save, rename and delete a view from the list page (the list's partial posts here)."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.core.bulk_views import safe_next
from voc_portal.core.errors import DomainError

from . import selectors, services
from .kinds import view_kind_get


def _refused(request, exc: DomainError, back: str):
    context = {"message": exc.message, "back": back}
    return render(request, "bulk_error.html", context, status=exc.status)


class SavedViewCreateView(DeveloperRequiredMixin, View):
    def post(self, request):
        try:
            kind = view_kind_get(request.POST.get("kind"))
        except DomainError as exc:
            return _refused(request, exc, reverse("accounts:home"))
        back = safe_next(request, request.POST.get("next"), kind.url_name)
        try:
            view = services.saved_view_create(
                account=self.account,
                user=request.user,
                kind=kind.name,
                name=request.POST.get("name", ""),
                query=QueryDict(request.POST.get("query", "")),
                shared=request.POST.get("shared") == "on",
            )
        except DomainError as exc:
            return _refused(request, exc, back)
        messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
        return redirect(reverse(kind.url_name) + (f"?{view.query}" if view.query else ""))


class _ManageView(DeveloperRequiredMixin, View):
    def get_view(self, pk):
        return selectors.saved_view_get_for_member(
            account=self.account, user=self.request.user, pk=pk
        )

    def back(self, view) -> str:
        return safe_next(
            self.request, self.request.POST.get("next"), view_kind_get(view.kind).url_name
        )


class SavedViewRenameView(_ManageView):
    def post(self, request, pk):
        view = self.get_view(pk)
        try:
            services.saved_view_rename(
                view=view, user=request.user, name=request.POST.get("name", "")
            )
        except DomainError as exc:
            return _refused(request, exc, self.back(view))
        messages.success(request, _("View renamed."))
        return redirect(self.back(view))


class SavedViewDeleteView(_ManageView):
    def post(self, request, pk):
        view = self.get_view(pk)
        back = self.back(view)
        try:
            services.saved_view_delete(view=view, user=request.user)
        except DomainError as exc:
            return _refused(request, exc, back)
        messages.success(request, _("View deleted."))
        return redirect(back)
