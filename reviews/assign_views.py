"""Assignment from a review card in the console: POST assignee=<member id>, "me" or empty."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.permissions import DeveloperRequiredMixin
from voc_portal.catalog.assignment import assignee_from_form
from voc_portal.core.bulk_views import safe_next
from voc_portal.core.errors import DomainError, NotFound

from . import selectors, services


class ReviewAssignView(DeveloperRequiredMixin, View):
    def post(self, request, pk: int):
        review = selectors.review_get_for_member(
            account=self.account, pk=pk, membership=self.membership
        )
        back = safe_next(request, request.POST.get("next"), "reviews:console")
        try:
            assignee = assignee_from_form(
                self.account, self.membership, request.POST.get("assignee", "")
            )
            services.review_assign(
                membership=self.membership, review=review, assignee=assignee, via="web"
            )
        except NotFound as exc:
            raise Http404("No such review.") from exc
        except DomainError as exc:
            context = {"message": exc.message, "back": back, "heading": _("Assignment")}
            return render(request, "bulk_error.html", context, status=exc.status)
        if assignee is None:
            messages.success(request, _("Review unassigned."))
        else:
            messages.success(
                request, _("Assigned to %(name)s.") % {"name": assignee.user.get_full_name()}
            )
        return HttpResponseRedirect(back + f"#review-{review.pk}")
