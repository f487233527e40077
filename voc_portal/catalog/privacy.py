"""The one privacy guard for published text: official replies and customer reviews, web and API.

Published text must not carry an email address, a phone number, a payment identifier (the
customer's own TIDs / TXIDs / receipt numbers, or anything shaped like one) or a messenger ID.
The text is normalised first, so the usual evasions are seen through: Unicode NFKC (full-width
digits and at signs), zero-width characters, letters spaced one by one, numbers spelled in
Korean (공일공) and "at" / "dot" words. `find_private_data` is pure (no database);
`published_text_check` adds the customer's identifiers and raises with a message that names
each part to remove.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voc_portal.core.errors import DomainError

from .models import Purchase

EMAIL = "email"
PHONE = "phone"
PAYMENT = "payment"
MESSENGER = "messenger"

KIND_LABELS = {
    EMAIL: gettext_lazy("an email address"),
    PHONE: gettext_lazy("a phone number"),
    PAYMENT: gettext_lazy("a payment identifier"),
    MESSENGER: gettext_lazy("a messenger ID"),
}

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u180e"))
_KOREAN_DIGITS = {
    "공": "0", "영": "0", "일": "1", "이": "2", "삼": "3", "사": "4",
    "오": "5", "육": "6", "륙": "6", "칠": "7", "팔": "8", "구": "9",
}  # fmt: skip
# Three or more number words in a row (공일공, 일이삼사): ordinary words are one or two long.
_KOREAN_NUMBER_RUN = re.compile(f"[{''.join(_KOREAN_DIGITS)}]{{3,}}")
# Letters or digits spaced out one by one: "j o h n @ g m a i l . c o m", "0 1 0 1 2 3 4".
_SPACED = re.compile(r"(?<![^\W_])(?:[A-Za-z0-9@.]\s){3,}[A-Za-z0-9@.](?![^\W_])")
# "john (at) gmail (dot) com", "john at gmail.com": " at " only when a domain follows it.
_AT_WORDS = re.compile(
    r"\s*(?:\(at\)|\[at\]|\{at\}|골뱅이)\s*"
    r"|\s+at\s+(?=[A-Za-z0-9\-]+(?:\.[A-Za-z]{2,}|\s*(?:\(dot\)|\[dot\])\s*[A-Za-z]{2,}"
    r"|\s+dot\s+[A-Za-z]{2,}))",
    re.IGNORECASE,
)
_DOT_WORDS = re.compile(
    r"\s*(?:\(dot\)|\[dot\]|\{dot\})\s*|\s+dot\s+(?=[A-Za-z]{2,}\b)|\s*닷\s*(?=[A-Za-z])",
    re.IGNORECASE,
)

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*@\s*[A-Za-z0-9\-]+(?:\s*\.\s*[A-Za-z0-9\-]+)*?\s*\.\s*[A-Za-z]{2,}"
)
# A run of digits with the usual separators, optionally led by "+" (international format).
_NUMBER_RUN_RE = re.compile(r"(?<![\w+.,])\+?\(?\d[\d\s().\-/]{6,}\d(?![\w]|[.,]\d)")
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
# Messenger names; the ambiguous ones (라인 as in 온라인, "line", "signal") need an ID word.
_MESSENGERS = (
    "카카오톡|카톡|카카오|kakao\\s*talk|kakao|텔레그램|telegram|위챗|wechat|왓츠앱|whatsapp|"
    "디스코드|discord|인스타그램|인스타|instagram|오픈\\s*채팅|오픈\\s*카톡|open\\s*chat|"
    "스카이프|skype|네이트온|snapchat|스냅챗|라인|line|텔레|signal|시그널|insta"
)
_NEEDS_ID_WORD = {"라인", "line", "텔레", "signal", "시그널", "insta"}
_MESSENGER_RE = re.compile(
    rf"(?P<name>{_MESSENGERS})\s*(?P<idw>아이디|id|계정|account|handle|핸들)?\s*"
    r"(?P<sep>[:=\-]|은|는|으로|로)?\s*(?P<handle>@?[A-Za-z0-9][A-Za-z0-9._\-]{2,})",
    re.IGNORECASE,
)
_MESSENGER_LINK_RE = re.compile(
    r"(?:open\.kakao\.com|pf\.kakao\.com|t\.me|line\.me|wa\.me)/\S+", re.IGNORECASE
)


def _messenger(m: re.Match, text: str) -> bool:
    """A messenger name followed by what reads as an ID, not by an ordinary word."""
    name, handle = m.group("name").lower(), m.group("handle")
    before = text[m.start() - 1] if m.start() else " "
    if (name in _NEEDS_ID_WORD or name.isascii()) and before.isalpha():
        return False  # 온라인, "online", "designal": part of another word
    if name in _NEEDS_ID_WORD:
        return bool(m.group("idw"))
    if m.group("idw") or m.group("sep") in (":", "=") or handle.startswith("@"):
        return True
    return any(ch.isdigit() or ch in "._" for ch in handle)


@dataclass(frozen=True)
class Finding:
    kind: str
    fragment: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


class PrivateDataInText(DomainError):
    """Published text carries personal or payment details."""

    code = "private_data"


def normalise(text: str) -> str:
    """The text as the guard reads it (never stored): evasions undone, same meaning."""
    text = unicodedata.normalize("NFKC", text or "").translate(_ZERO_WIDTH)
    text = _KOREAN_NUMBER_RUN.sub(lambda m: "".join(_KOREAN_DIGITS[ch] for ch in m.group()), text)
    text = _SPACED.sub(lambda m: re.sub(r"\s", "", m.group()), text)
    text = _AT_WORDS.sub("@", text)
    return _DOT_WORDS.sub(".", text)


def _phone(run: str) -> bool:
    """A Korean or international phone number, validated by libphonenumber."""
    digits = re.sub(r"\D", "", run)
    if run.lstrip("(").startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("0"):
        candidate = digits  # dialled domestically: 010-…, 02-…, 031-…
    elif digits.startswith("82") and len(digits) >= 11:
        candidate = "+" + digits
    else:
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(candidate, "KR"))
    except phonenumbers.NumberParseException:
        return False


def _identifier_pattern(ident: str) -> re.Pattern:
    """The identifier with any spacing or separators between its characters."""
    chars = [re.escape(ch) for ch in ident if ch.isalnum()]
    return re.compile(r"[\s\-_./]*".join(chars), re.IGNORECASE)


def find_private_data(text: str, *, identifiers: Iterable[str] = ()) -> list[Finding]:
    """Every email, phone number, payment identifier and messenger ID in `text`, in order.

    `identifiers` are known payment identifiers (the customer's TIDs, TXIDs, receipt numbers);
    any of them appearing anywhere, in any case and spacing, is a finding.
    """
    text = normalise(text)
    found: list[tuple[int, Finding]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, Finding(kind=kind, fragment=text[start:end].strip())))

    for m in _EMAIL_RE.finditer(text):
        add(m.start(), m.end(), EMAIL)
    for ident in {i.strip() for i in identifiers if i and len(i.strip()) >= 4}:
        for m in _identifier_pattern(ident).finditer(text):
            add(m.start(), m.end(), PAYMENT)
    for m in _MESSENGER_RE.finditer(text):
        if _messenger(m, text):
            add(m.start(), m.end(), MESSENGER)
    for m in _MESSENGER_LINK_RE.finditer(text):
        add(m.start(), m.end(), MESSENGER)
    for m in _LABELLED_PAYMENT_RE.finditer(text):
        add(m.start(), m.end(), PAYMENT)
    for match in phonenumbers.PhoneNumberMatcher(text, "KR"):
        add(match.start, match.end, PHONE)
    for m in _NUMBER_RUN_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _phone(m.group()):
            add(m.start(), m.end(), PHONE)
        elif len(digits) >= 12:
            add(m.start(), m.end(), PAYMENT)  # receipt, approval or card-like numbers
    for m in _ID_TOKEN_RE.finditer(text):
        add(m.start(), m.end(), PAYMENT)
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


def customer_payment_identifiers(*, customer_id: int) -> list[str]:
    """Every TID, TXID and receipt number of the customer's purchases (one query)."""
    rows = Purchase.objects.filter(customer_id=customer_id).values_list(
        "tid", "txid", "receipt_number"
    )
    return [value for row in rows for value in row if value]


def published_text_check(*, text: str, customer_id: int, what: str = "reply") -> None:
    """Refuse published text carrying personal or payment details, naming each part.

    `what`: "reply" (a developer's official reply) or "review" (the customer's own review);
    `customer_id`: whose payment identifiers count as theirs (the reviewer's).
    """
    findings = find_private_data(
        text, identifiers=customer_payment_identifiers(customer_id=customer_id)
    )
    if not findings:
        return
    parts = "; ".join(f"{f.label}: “{f.fragment}”" for f in findings)
    if what == "review":
        message = _("A review is public. Remove the personal or payment details: %(parts)s.")
    else:
        message = _(
            "An official reply is public. Remove the personal or payment details: %(parts)s."
        )
    raise PrivateDataInText(message % {"parts": parts}, field="body")


REDACTED = "[***]"  # NFKC-stable, so a second erasure changes nothing


def redact(text: str, *, identifiers: Iterable[str] = ()) -> str:
    """The text (as the guard reads it) with every finding replaced by "[***]" (erasure)."""
    clean = normalise(text)
    for finding in find_private_data(clean, identifiers=identifiers):
        clean = clean.replace(finding.fragment, REDACTED)
    return clean
