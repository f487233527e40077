"""Domain errors shown on Django forms: one helper for every web view."""

from __future__ import annotations

from django import forms

from .errors import DomainError


def form_add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Puts a service's refusal on the field it names, or on the form as a whole."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
