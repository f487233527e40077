"""Refund history in the reader's language: state codes as labels, facts by their kind."""

from __future__ import annotations

from django import template

from .. import display

register = template.Library()

register.filter("state_label", display.state_label)
register.filter("event_text", display.event_text)
register.filter("event_note", display.event_note)
register.filter("refund_reason", display.refund_reason)
register.filter("billing_status", display.billing_status)
