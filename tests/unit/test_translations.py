"""The Korean catalog is complete, consistent with its compiled .mo, and keeps placeholders."""

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE = ROOT / "locale" / "ko" / "LC_MESSAGES"
# Where translatable strings live (the same set `makemessages --ignore=.venv --ignore=tests` sees).
SOURCE_DIRS = ("voc_portal", "inquiries", "reviews", "refunds", "templates")
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


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_korean_catalog_covers_every_message_in_the_code_when_extracted(
    tmp_path, settings, monkeypatch
):
    """Runs makemessages into a copy of the catalog: a new string without Korean fails here.

    Fix: `manage.py makemessages -l ko --ignore=.venv --ignore=tests`, translate, then
    `manage.py compilemessages -l ko`, and commit both files.
    """
    # makemessages writes next to the sources it scans: scan a copy, never the work tree.
    for package in SOURCE_DIRS:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po"),
        )
    target = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALE / "django.po", target / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ko"], verbosity=0)
    extracted = parse_po(target / "django.po")
    missing = [
        e["msgid"]
        for e in extracted
        if e["msgid"] and ("fuzzy" in e["flags"] or not all(_translations(e)))
    ]
    assert missing == []
