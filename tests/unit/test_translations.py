"""The Korean catalog is complete, consistent with its compiled .mo, and keeps placeholders."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale" / "ko" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%\((\w+)\)\.\d+f|\{(\w+)\}")


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: entries with flags, msgctxt, msgid, msgid_plural and msgstr(s)."""
    entries, entry, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not used
        entry = entry if entry is not None else {"flags": set(), "parts": {}}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry["parts"][key].append(line)
        else:
            key, _, rest = line.partition(" ")
            entry["parts"][key] = [rest]
    result = []
    for e in entries:
        if "msgid" not in e["parts"]:
            continue
        parts = {k: _unquote(v) for k, v in e["parts"].items()}
        result.append({"flags": e["flags"], **parts})
    return result


@pytest.fixture(scope="module")
def entries():
    return parse_po(LOCALE / "django.po")


def _translations(entry: dict) -> list[str]:
    return [v for k, v in entry.items() if k.startswith("msgstr")]


def test_korean_catalog_has_no_untranslated_entries_when_parsed(entries):
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 100
    untranslated = [e["msgid"] for e in messages if not all(_translations(e))]
    assert untranslated == []


def test_korean_catalog_has_no_fuzzy_entries_when_parsed(entries):
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_korean_catalog_keeps_every_placeholder_when_translated(entries):
    def names(text: str) -> set[str]:
        return {next(g for g in m.groups() if g) for m in PLACEHOLDER.finditer(text)}

    broken = [
        e["msgid"]
        for e in entries
        if e["msgid"] and any(names(t) != names(e["msgid"]) for t in _translations(e))
    ]
    assert broken == []


def test_korean_mo_matches_po_when_loaded(entries):
    with (LOCALE / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    stale = []
    for e in entries:
        if not e["msgid"] or e.get("msgid_plural"):
            continue
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if catalog._catalog.get(key) != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == [], "run compilemessages -l ko and commit django.mo"
