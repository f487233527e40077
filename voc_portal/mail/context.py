"""A deferred email's render context in JSON (services.compose): the types JSON lacks as one-key
objects, e.g. {"$datetime": "2026-12-01T06:05:00+00:00"}, turned back into the same values when
the sender renders it. The encoder is OutboundEmail.render_context's, so the ORM and the batch
INSERT (core.columns) store the same JSON; anything else (a model instance, a lazy translation)
is a TypeError when the row is written."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

_TAGS: dict[str, tuple[type, object, object]] = {
    "$datetime": (datetime, datetime.isoformat, datetime.fromisoformat),
    "$date": (date, date.isoformat, date.fromisoformat),
    "$timedelta": (timedelta, timedelta.total_seconds, lambda s: timedelta(seconds=s)),
    "$decimal": (Decimal, str, Decimal),
}


class RenderContextEncoder(json.JSONEncoder):
    def default(self, o):
        for tag, (kind, dump, _load) in _TAGS.items():  # datetime before date: it is one
            if isinstance(o, kind):
                return {tag: dump(o)}
        raise TypeError(f"a deferred email cannot keep a {type(o).__name__} in its context")


def context_dump(value):
    """The JSON-safe copy of a render context that is stored."""
    return json.loads(json.dumps(value, cls=RenderContextEncoder))


def context_load(value):
    """context_dump's inverse (values already of their type pass through)."""
    if isinstance(value, list):
        return [context_load(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, raw),) = value.items()
            if key in _TAGS:
                return _TAGS[key][2](raw)
        return {k: context_load(v) for k, v in value.items()}
    return value
