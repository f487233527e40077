"""schemathesis hooks for `make fuzz` (SCHEMATHESIS_HOOKS=tests.fuzz.hooks).

A cursor is opaque: only a `next_cursor` the same list issued is valid (the schema says so), so a
generated one in a case meant to be valid is dropped (the page is then the first one). Invalid
cases keep theirs and must get 400; the decoder itself is fuzzed with hypothesis in the tests.
"""

import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not case.query:
        return
    if "cursor" in case.query:
        case.query = {k: v for k, v in case.query.items() if k != "cursor"}
