"""The privacy guard for public official replies.

A reply is public, so it must not carry an email address, a phone number or a payment identifier
(TID / TXID / receipt number, or any identifier of the reviewing customer's own purchases).
`find_private_data` returns every offending fragment with its kind, so the error can say which
part to remove. Pure functions: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

EMAIL = "email"
PHONE = "phone"
PAYMENT = "payment"

KIND_LABELS = {
    EMAIL: _("an email address"),
    PHONE: _("a phone number"),
    PAYMENT: _("a payment identifier"),
}

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*(?:@|\uff20|\(at\)|\[at\])\s*[A-Za-z0-9\-]+(?:\s*\.\s*[A-Za-z0-9\-]+)*"
    r"\s*\.\s*[A-Za-z]{2,}",
    re.IGNORECASE,
)
# A run of digits with the usual separators, optionally led by "+" (international format).
_NUMBER_RUN_RE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-]{5,}\d(?![\w])")
# Labelled payment identifiers, in English and Korean: "TID: T2024...", "거래번호 123..."
_LABELLED_PAYMENT_RE = re.compile(
    r"(?:\b(?:TID|TXID|TX\s*ID|transaction\s*(?:id|no\.?|number)|receipt\s*(?:no\.?|number|#)?"
    r"|order\s*(?:id|no\.?|number))|거래\s*번호|영수증\s*번호|주문\s*번호|승인\s*번호)"
    r"\s*[:#=\-]?\s*[A-Za-z0-9][A-Za-z0-9\-_]{5,}",
    re.IGNORECASE,
)
# Identifier-shaped tokens with no label: letters and digits mixed, long (e.g. T2024061512345678).
_ID_TOKEN_RE = re.compile(
    r"(?<![\w.])(?=[A-Za-z0-9\-_]*\d)(?=[A-Za-z0-9\-_]*[A-Za-z])"
    r"[A-Za-z0-9][A-Za-z0-9\-_]{11,}(?![\w.])"
)


@dataclass(frozen=True)
class Finding:
    kind: str
    fragment: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _classify_number(run: str) -> str | None:
    digits = _digits(run)
    stripped = run.lstrip("(")
    if stripped.startswith("+") and 8 <= len(digits) <= 15:
        return PHONE  # international, including +82 10 1234 5678
    if digits.startswith("0") and 9 <= len(digits) <= 11:
        return PHONE  # Korean: 010-1234-5678, 02-123-4567, 031 1234 5678
    if len(digits) >= 12:
        return PAYMENT  # long bare numbers: receipt, approval or card-like numbers
    return None


def find_private_data(text: str, *, identifiers: Iterable[str] = ()) -> list[Finding]:
    """Every email, phone number and payment identifier in `text`, in order of appearance.

    `identifiers` are known payment identifiers (the customer's TIDs, TXIDs, receipt numbers);
    any of them appearing anywhere, in any case, is a finding.
    """
    found: list[tuple[int, Finding]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, Finding(kind=kind, fragment=text[start:end].strip())))

    for m in _EMAIL_RE.finditer(text):
        add(m.start(), m.end(), EMAIL)
    lowered = text.lower()
    for ident in identifiers:
        ident = (ident or "").strip()
        if len(ident) < 4:
            continue
        start = lowered.find(ident.lower())
        while start != -1:
            add(start, start + len(ident), PAYMENT)
            start = lowered.find(ident.lower(), start + 1)
    for m in _LABELLED_PAYMENT_RE.finditer(text):
        add(m.start(), m.end(), PAYMENT)
    for m in _NUMBER_RUN_RE.finditer(text):
        kind = _classify_number(m.group())
        if kind:
            add(m.start(), m.end(), kind)
    for m in _ID_TOKEN_RE.finditer(text):
        add(m.start(), m.end(), PAYMENT)
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]
