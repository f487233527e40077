"""Serializer fields for a strict contract: what the schema says is all that is accepted."""

from __future__ import annotations

import re

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

_INTEGER = re.compile(r"^[+-]?[0-9]+$")


class QuerySerializer(serializers.Serializer):
    """Query parameters: `?state=` (an empty value) is refused, not read as "no filter".

    DRF reads an empty form value of an optional field as absent; the schema has no empty value
    for these parameters (an enum, a date, a boolean), so such a request is invalid. Free-text
    fields that allow blank (`q=`) keep it.
    """

    def to_internal_value(self, data):
        errors = {
            name: [_("Give a value, or leave the parameter out.")]
            for name, field in self.fields.items()
            if name in data
            and data.get(name) == ""
            and not (getattr(field, "allow_blank", False) or getattr(field, "accepts_blank", False))
        }
        # page_size and cursor are read by the pagination (page_size clamped to its range); the
        # schema still says page_size is an integer and a cursor is not empty.
        if "page_size" in data and not _INTEGER.match(data.get("page_size") or ""):
            errors["page_size"] = [_("Give a whole number.")]
        if "cursor" in data and not data.get("cursor"):
            errors["cursor"] = [_("Give a value, or leave the parameter out.")]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


# At least one non-space character, and no NUL (PostgreSQL text cannot hold one).
class StrictCharField(serializers.CharField):
    """A string from a JSON body, blank allowed when the field says so: DRF would turn a number
    or a boolean into one, which the schema (a string) does not allow."""

    default_error_messages = {"invalid": _("Send text (a JSON string).")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "pattern": r"^[^\u0000]*\S[^\u0000]*$"})
class TextField(StrictCharField):
    """Free text from a JSON body: a string with at least one non-space character; the service
    checks its length and emptiness."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def run_validation(self, data=empty):
        # Blank text reaches the service, whose message (and code) says what is missing.
        return serializers.Field.run_validation(self, data)


# Any text up to 200 characters but NUL, which is refused with a 400 (PostgreSQL text cannot hold
# it). Not a CharField: spectacular would add minLength (or a oneOf for blank) to its schema,
# while a blank search term simply means "no search".
@extend_schema_field({"type": "string", "pattern": r"^[^\u0000]*$", "maxLength": 200})
class SearchTextField(serializers.Field):
    """A search term from the query string."""

    default_error_messages = serializers.CharField.default_error_messages
    max_length = 200
    accepts_blank = True  # `q=` is "no search" (QuerySerializer)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            message = ProhibitNullCharactersValidator.message  # Django's own, translated
            raise serializers.ValidationError(message, code="null_characters")
        if len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return data

    def to_representation(self, value):
        return value


class StrictBooleanField(serializers.BooleanField):
    """true or false from a JSON body: DRF would also take 0, 1, "yes", "on"..., which the
    schema (a boolean) does not allow."""

    default_error_messages = {"invalid": _("Send true or false (a JSON boolean).")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
