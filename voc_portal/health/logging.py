"""Structured logs: one JSON object a line, each carrying the request id and account id.

No personal data by construction: a request is named by its route pattern (`inquiries/<int:pk>/`),
never by its path or query (tokens, emails); no client address, no user name, no email address.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
current_request: contextvars.ContextVar[Any] = contextvars.ContextVar("request", default=None)
# Where voc_portal.accounts.middleware caches the membership a request acts through; read, never
# resolved here (a log line must not cost a query).
_MEMBERSHIP_ATTR = "_voc_membership"

# Attributes Django's loggers attach that would print a path, a query string or a socket.
_DROP = ("request", "server_time", "status_code")


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or None
        membership = getattr(current_request.get(), _MEMBERSHIP_ATTR, None)
        record.account_id = getattr(membership, "account_id", None)
        return True


class RouteOnlyFilter(logging.Filter):
    """django.request / django.server name the raw path ("Not Found: /refunds/consent/<token>/");
    say the status and route instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if record.name in ("django.request", "django.server") and request is not None:
            record.msg = "%s %s -> %s"
            record.args = (getattr(request, "method", "?"), route_of(request), _status(record))
        return True


def _status(record: logging.LogRecord) -> str:
    return str(getattr(record, "status_code", "") or "")


def route_of(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return "/" + (match.route or match.view_name or "?")


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_data, record, message_dict)
        for name in _DROP:
            log_data.pop(name, None)
        for name in ("request_id", "account_id"):
            log_data.setdefault(name, getattr(record, name, None))
