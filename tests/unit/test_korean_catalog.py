"""The Korean catalogue as KOREAN.md wants it: every message used has Korean, no particle
fallbacks such as 을(를), and one word per concept where the glossary says so."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

from tests.unit.test_translations import LOCALE, ROOT, parse_po

# The code whose strings reach readers (tests and the virtualenv are not shipped).
PYTHON_DIRS = ("voc_portal", "inquiries", "reviews", "refunds", "insights")
TEMPLATE_DIRS = ("templates", "voc_portal", "inquiries", "reviews", "refunds", "insights")
# A particle chosen by a parenthesis reads like a form letter (KOREAN.md, mechanics 4).
PARTICLE_FALLBACK = re.compile(r"\((를|을|가|이|은|는|과|와|으\)로|이\)라|으)\)|\(으\)로")

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy"}
NGETTEXT = {"ngettext", "ngettext_lazy"}
NPGETTEXT = {"npgettext", "npgettext_lazy"}
_LIT = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALLS = [
    (re.compile(rf"\bpgettext\(\s*{_LIT}\s*,\s*{_LIT}\s*\)"), True),
    (re.compile(rf"\bnpgettext\(\s*{_LIT}\s*,\s*{_LIT}\s*,"), True),
    (re.compile(rf"\b(?:gettext|_)\(\s*{_LIT}\s*\)"), False),
    (re.compile(rf"\bngettext\(\s*{_LIT}\s*,"), False),
]


@pytest.fixture(scope="module")
def entries():
    return parse_po(LOCALE / "django.po")


@pytest.fixture(scope="module")
def translated(entries) -> set[tuple[str | None, str]]:
    """(context, msgid) of every entry with a Korean translation."""
    return {
        (e.get("msgctxt"), e["msgid"])
        for e in entries
        if e["msgid"] and all(v for k, v in e.items() if k.startswith("msgstr"))
    }


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext-family call with literal arguments in Python code."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, args = _call_name(node), [_text(a) for a in node.args]
        if name in GETTEXT | NGETTEXT and args[0] is not None:
            found.add((None, args[0]))
        elif name in PGETTEXT | NPGETTEXT and len(args) > 1 and None not in args[:2]:
            found.add((args[0], args[1]))
    return found


def template_messages(source: str) -> set[tuple[str | None, str]]:
    """The same for a template, through Django's own templatize (what makemessages reads)."""
    code = templatize(source)
    found = set()
    for pattern, with_context in _TEMPLATE_CALLS:
        for match in pattern.finditer(code):
            values = [ast.literal_eval(g) for g in match.groups()]
            found.add((values[0], values[1]) if with_context else (None, values[0]))
    return found


def _files(dirs, suffixes):
    for folder in dirs:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in suffixes and "migrations" not in path.parts:
                yield path


def used_messages() -> dict[tuple[str | None, str], Path]:
    used: dict[tuple[str | None, str], Path] = {}
    for path in _files(PYTHON_DIRS, {".py"}):
        for key in python_messages(path.read_text(encoding="utf-8")):
            used.setdefault(key, path)
    for path in _files(TEMPLATE_DIRS, {".html", ".txt"}):
        if "templates" in path.parts:
            for key in template_messages(path.read_text(encoding="utf-8")):
                used.setdefault(key, path)
    return used


def test_extractors_find_messages_when_given_every_form():
    template = (
        '{% load i18n %}{% translate "Plain" %}{% translate "Ctx" context "c" %}'
        "{% blocktranslate count n=x %}One{% plural %}Many{% endblocktranslate %}"
        '{{ _("Filter") }}'
    )
    assert template_messages(template) == {
        (None, "Plain"),
        ("c", "Ctx"),
        (None, "One"),
        (None, "Filter"),
    }
    python = 'x = _("A")\ny = pgettext_lazy("c", "B")\nz = ngettext("C", "Cs", 2)\nw = f(_(v))'
    assert python_messages(python) == {(None, "A"), ("c", "B"), (None, "C")}


def test_every_message_used_in_code_and_templates_has_korean_when_compared(translated):
    used = used_messages()
    assert len(used) > 400
    missing = sorted(
        f"{path.relative_to(ROOT)}: {ctx + ' | ' if ctx else ''}{msgid}"
        for (ctx, msgid), path in used.items()
        if msgid and (ctx, msgid) not in translated
    )
    assert missing == [], "append these to locale/ko/LC_MESSAGES/django.po"


def test_a_message_without_korean_is_reported_when_compared(translated):
    assert (None, "Category") in translated
    assert (None, "A message no catalogue has") not in translated


def test_no_korean_translation_uses_a_particle_fallback_when_checked(entries):
    assert PARTICLE_FALLBACK.search("%(no)s이(가)") and PARTICLE_FALLBACK.search("(으)로")
    found = [
        (e["msgid"], text)
        for e in entries
        for key, text in e.items()
        if key.startswith("msgstr") and PARTICLE_FALLBACK.search(text)
    ]
    assert found == []


# One word per concept (KOREAN.md glossary): the words the glossary forbids in Korean text.
FORBIDDEN = {
    "유지보수": "개선 요청",
    "오류 신고": "에러 문의",
    "열람 동의": "개인정보 제공 동의",
    "결제 정보 제공 동의": "개인정보 제공 동의",
    "답장": "답변",
    "답글": "공식 답변",
    "댓글": "공식 답변",
    "접수됨": "접수",
    "승인됨": "승인",
    "반려됨": "반려",
}
_BARE_RECEIPT = re.compile(r"(?<!결제 )영수증 번호")


def test_korean_translations_use_the_glossary_terms_when_checked(entries):
    found = [
        (e["msgid"], word, FORBIDDEN[word])
        for e in entries
        for key, text in e.items()
        if key.startswith("msgstr")
        for word in FORBIDDEN
        if word in text
    ]
    found += [
        (e["msgid"], "영수증 번호", "결제 영수증 번호")
        for e in entries
        if _BARE_RECEIPT.search(e.get("msgstr", ""))
    ]
    assert found == []


# KOREAN.md's speech-level rule: instructions are "~해 주세요", never a bare "~하세요"
# ("선택하세요", "고르세요"); the greeting "안녕하세요" is the one "-세요" that is not "주세요".
_BARE_IMPERATIVE = re.compile(r"\w*(?<!주)(?<!안녕하)세요")


def test_no_korean_translation_is_a_bare_imperative_when_checked(entries):
    found = [
        (e["msgid"], m.group(0))
        for e in entries
        for key, text in e.items()
        if key.startswith("msgstr")
        for m in _BARE_IMPERATIVE.finditer(text)
    ]
    assert found == []


def test_the_bare_imperative_rule_catches_one_and_spares_the_greeting():
    assert _BARE_IMPERATIVE.search("역할을 선택하세요.")
    assert _BARE_IMPERATIVE.search("다음 중에서 고르세요:")
    assert not _BARE_IMPERATIVE.search("%(name)s님, 안녕하세요. 역할을 선택해 주세요.")
