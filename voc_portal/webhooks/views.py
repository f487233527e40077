"""Settings > Webhooks: the account's endpoints (list, create, edit, delete), each endpoint's
delivery log, "Send test event", secret rotation and re-enabling. Owners and admins only."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.access import role_require
from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError

from .forms import EndpointForm
from .selectors import endpoint_get_for_account, endpoint_list_for_account, endpoint_log
from .services import (
    endpoint_create,
    endpoint_delete,
    endpoint_enable,
    endpoint_secret_rotate,
    endpoint_update,
    webhook_test_send,
)


class _ManageMixin(DeveloperRequiredMixin):
    """Every page, read or write, is for those who may manage the account's settings (the
    pages show where the account's data goes): POSTs by `write_action`, GETs by `get`."""

    write_action = Action.SETTINGS_MANAGE

    def manage_check(self) -> None:
        role_require(self.membership, Action.SETTINGS_MANAGE)


def _no_store(response):
    response["Cache-Control"] = "no-store"  # may carry a secret shown once
    return response


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class EndpointListView(_ManageMixin, View):
    template_name = "webhooks/endpoints.html"

    def _render(self, request, form, *, issued=None, status=200):
        context = {
            "form": form,
            "endpoints": endpoint_list_for_account(self.membership),
            "issued": issued,
            "account": self.account,
        }
        return _no_store(render(request, self.template_name, context, status=status))

    def get(self, request):
        self.manage_check()
        return self._render(request, EndpointForm())

    def post(self, request):
        form = EndpointForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            issued = endpoint_create(membership=self.membership, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
            return self._render(request, form, status=400)
        # Rendered, not redirected: the secret is shown this once.
        return self._render(request, EndpointForm(), issued=issued)


class EndpointDetailView(_ManageMixin, View):
    template_name = "webhooks/endpoint.html"

    def _render(self, request, endpoint, form, *, issued=None, status=200):
        context = {
            "endpoint": endpoint,
            "form": form,
            "log": endpoint_log(endpoint),
            "issued": issued,
        }
        return _no_store(render(request, self.template_name, context, status=status))

    def _form(self, endpoint, data=None):
        initial = {
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "format": endpoint.format,
        }
        return EndpointForm(data, initial=initial)

    def get(self, request, pk: int):
        self.manage_check()
        endpoint = endpoint_get_for_account(self.membership, pk)
        return self._render(request, endpoint, self._form(endpoint))

    def post(self, request, pk: int):
        endpoint = endpoint_get_for_account(self.membership, pk)
        form = self._form(endpoint, request.POST)
        if not form.is_valid():
            return self._render(request, endpoint, form, status=400)
        try:
            endpoint_update(membership=self.membership, endpoint=endpoint, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
            return self._render(request, endpoint, form, status=400)
        messages.success(request, _("Saved the endpoint."))
        return redirect("webhooks:detail", pk=endpoint.pk)


class EndpointActionView(_ManageMixin, View):
    """POST-only buttons of an endpoint: test, rotate, enable, disable, delete."""

    def post(self, request, pk: int, action: str):
        endpoint = endpoint_get_for_account(self.membership, pk)
        if action == "test":
            webhook_test_send(endpoint=endpoint)
            messages.success(request, _("Sent a test event. Its attempt appears in the log."))
        elif action == "rotate":
            issued = endpoint_secret_rotate(membership=self.membership, endpoint=endpoint)
            view = EndpointDetailView()
            view.membership = self.membership
            return view._render(
                request, issued.endpoint, view._form(issued.endpoint), issued=issued
            )
        elif action in ("enable", "disable"):
            endpoint_enable(
                membership=self.membership, endpoint=endpoint, enabled=action == "enable"
            )
            messages.success(
                request,
                _("The endpoint is on.") if action == "enable" else _("The endpoint is off."),
            )
        elif action == "delete":
            endpoint_delete(membership=self.membership, endpoint=endpoint)
            messages.success(request, _("Deleted the endpoint."))
            return redirect("webhooks:list")
        else:
            return render(request, "404.html", status=404)
        return redirect("webhooks:detail", pk=endpoint.pk)
