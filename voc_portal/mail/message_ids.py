"""One spelling per Message-ID, wherever one is stored or looked up.

Our outbox stores its Message-IDs in this spelling; the inbound webhook dedupes replies on it; the
tracking webhook looks rows up by it. Providers spell the same id differently: Mailgun's events
report it without angle brackets, mail clients fold long headers, domains come in any case.
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")


def message_id_normalise(raw: str | None) -> str:
    """`<local@domain>` without folding whitespace, the domain lower-cased (domains are
    case-insensitive) and the local part kept as it is (RFC 5322 local parts are case-sensitive:
    two ids differing only there are two emails). "" when there is no id."""
    value = _WHITESPACE.sub("", raw or "")
    while value.startswith("<") and value.endswith(">") and len(value) >= 2:
        value = value[1:-1]
    if not value:
        return ""
    local, at, domain = value.rpartition("@")
    return f"<{local}@{domain.lower()}>" if at and local else f"<{value}>"
