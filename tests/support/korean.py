"""English left in Korean text: what a Korean reader would see untranslated.

`english_leaks(text)` takes rendered text (an HTML page or an email body) and returns the
English words still in it, once each, in order of appearance. Markup, scripts, styles, URLs,
email addresses, placeholders and the allowed tokens (KOREAN.md, mechanics 8) are not words.
Shared by the page leak test and the email leak test.
"""

from __future__ import annotations

import html
import re

# Words a Korean store writes in Latin letters too.
ALLOWED = frozenset(
    {
        "TID",
        "TXID",
        "TxID",
        "API",
        "HTML",
        "JSON",
        "CSV",
        "PDF",
        "PNG",
        "JPEG",
        "GIF",
        "WebP",
        "UUID",
        "ETag",
        "If-Match",
        "Bearer",
        "Authorization",
        "Idempotency-Key",
        "Message-ID",
        "VOC",
        "English",  # the language switch names each language in itself
        "Re",
        "QR",
        "ASCII",
        "DEBUG",
        "KST",
        "OTP",
        "TOTP",
        "Google",
        "Authenticator",
        "Chrome",
        "Swagger",
        "OpenAPI",
        "Mailgun",
        "Android",
        "iOS",
        "URL",
        "ID",
        "OK",
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "KRW",
    }
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_DROP = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style|svg|code|pre|kbd|samp)\b.*?</\1\s*>", re.S | re.I),
    re.compile(r"<[^>]*>", re.S),  # tags with their attributes (aria-label is checked apart)
]
_NOT_WORDS = [
    re.compile(r"\bONE ?store\b", re.I),  # the store's own name
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I),  # URLs
    re.compile(r"(?<![\w/])/[\w./?=&%#:-]*"),  # paths such as /inquiries/12/
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email addresses
    re.compile(r"%\(\w+\)[sdif]|\{\w+\}|\{\{.*?\}\}|__\w+__"),  # placeholders (JS: __name__)
    re.compile(r"\b[\w-]+\.(com|net|org|example|voc|kr|io)(\.\w+)*\b", re.I),  # host names
    re.compile(r"\b[a-z]+(\.[a-z0-9_]+){2,}\b"),  # package names com.example.puzzle
    re.compile(r"\b(?=\w*\d)\w+\b"),  # codes with digits: R1001, TX9, 2fa
    re.compile(r"\b[A-Z0-9]{2,}(?:[-_][A-Z0-9]+)*\b"),  # upper-case codes and tokens
]
# Visible text in attributes a reader meets: titles, placeholders, labels for screen readers.
_ATTRS = re.compile(r'\b(?:title|placeholder|aria-label|alt|value)="([^"]*)"', re.I)
_INPUT_VALUE = re.compile(r"<input\b[^>]*\btype=\"(?:submit|button)\"[^>]*>", re.I)


def visible_text(text: str) -> str:
    """The text of an HTML page (or plain text as it is), with the attributes a reader sees."""
    if "<" not in text:
        return html.unescape(text)
    shown = [m.group(1) for m in _ATTRS.finditer(_only_reader_attrs(text))]
    for pattern in _DROP:
        text = pattern.sub(" ", text)
    return html.unescape(" ".join([text, *shown]))


def _only_reader_attrs(text: str) -> str:
    """value="…" counts only on buttons; form values hold data, not the page's words."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.S | re.I)
    kept = []
    for tag in re.findall(r"<[^>]+>", text):
        if 'value="' in tag and not _INPUT_VALUE.match(tag):
            tag = re.sub(r'\bvalue="[^"]*"', "", tag)
        kept.append(tag)
    return " ".join(kept)


def english_leaks(text: str, *, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """English words left in `text` (HTML or plain), each once; [] when it is all Korean.

    `allowed` adds words of the sample data (app titles, people's names) to ALLOWED.
    """
    text = visible_text(text)
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    keep = ALLOWED | set(allowed)
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if word in keep or word.strip("'-") in keep or len(word) < 2:
            continue
        seen.setdefault(word, None)
    return list(seen)
