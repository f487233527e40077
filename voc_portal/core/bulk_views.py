"""The web side of bulk actions, shared by the inbox and the review console: parse the POST,
call the list's one bulk service, say what happened, go back to the list."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError


def safe_next(request, candidate: str | None, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(fallback)


def bulk_post(request, *, apply, account, fallback: str, param_names: tuple[str, ...] = ()):
    """Run `apply(account=..., actor=..., action=..., ids=..., params=...)`; a refused request
    (no ids, unknown action, a foreign template) is a 4xx page with the reason."""
    back = safe_next(request, request.POST.get("next"), fallback)
    try:
        result = apply(
            account=account,
            actor=request.user,
            action=request.POST.get("action"),
            ids=request.POST.getlist("ids"),
            params={name: request.POST.get(name) for name in param_names},
        )
    except DomainError as exc:
        context = {"message": exc.message, "back": back}
        return render(request, "bulk_error.html", context, status=exc.status)
    level = messages.WARNING if result.skipped else messages.SUCCESS
    messages.add_message(request, level, result.summary())
    return redirect(back)
