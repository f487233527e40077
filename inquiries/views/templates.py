"""A developer account's saved replies: list, create, edit, delete (ReplyTemplate)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import DomainError
from voc_portal.core.forms import form_add_domain_error

from .. import selectors, services
from ..forms import ReplyTemplateForm


class ReplyTemplateListView(DeveloperRequiredMixin, View):
    def get(self, request):
        templates = selectors.reply_template_list(account=self.account)
        return render(request, "inquiries/template_list.html", {"templates": templates})


class ReplyTemplateEditView(DeveloperRequiredMixin, View):
    """Create (no pk) or edit (pk) a template of the current account."""

    write_action = Action.TEMPLATE_MANAGE

    def _template(self, pk):
        return selectors.reply_template_get(account=self.account, pk=pk) if pk else None

    def get(self, request, pk=None):
        template = self._template(pk)
        initial = {"name": template.name, "body": template.body} if template else {}
        form = ReplyTemplateForm(initial=initial)
        return render(
            request, "inquiries/template_form.html", {"form": form, "template_obj": template}
        )

    def post(self, request, pk=None):
        template = self._template(pk)
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.reply_template_save(
                    account_id=self.account.pk,
                    name=form.cleaned_data["name"],
                    body=form.cleaned_data["body"],
                    template=template,
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("Template saved."))
                return redirect("inquiries:template_list")
        return render(
            request,
            "inquiries/template_form.html",
            {"form": form, "template_obj": template},
            status=400,
        )


class ReplyTemplateDeleteView(DeveloperRequiredMixin, View):
    write_action = Action.TEMPLATE_MANAGE

    def post(self, request, pk):
        template = selectors.reply_template_get(account=self.account, pk=pk)
        services.reply_template_delete(template=template, account_id=self.account.pk)
        messages.success(request, _("Template deleted."))
        return redirect("inquiries:template_list")
