"""The app's static side (static/pwa/, docs/app.md): within its script budget, every string it
shows is in both catalogues, and no script writes markup or uses localStorage."""

import gzip
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
APP = ROOT / "static" / "pwa"
BUDGET_BYTES = 100 * 1024  # every script the app loads, gzipped, as a phone downloads them
SCRIPTS = sorted(APP.rglob("*.js"))
# t("…") with a literal key; computed keys ("reviews:" + state, …) are listed in KEYS_BUILT.
T_CALL = re.compile(r"""\bt\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")
KEYS_BUILT = {
    "reviews:": ["unreplied", "replied", "outdated", "hidden"],
    "notify:": ["inquiry_created", "reminder", "escalated", "low_review", "assigned"],
}


def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((APP / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def test_the_scripts_stay_within_100_kb_gzipped():
    total = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in SCRIPTS)

    assert SCRIPTS and total <= BUDGET_BYTES, f"{total} bytes gzipped"


def test_every_literal_key_is_in_both_catalogues_and_they_have_the_same_keys():
    used = set()
    for path in SCRIPTS:
        used |= {key for key in T_CALL.findall(path.read_text(encoding="utf-8"))}
    for prefix, names in KEYS_BUILT.items():
        used.discard(prefix)
        used |= {prefix + name for name in names}
    ko, en = _catalogue("ko"), _catalogue("en")

    assert sorted(used - ko.keys()) == []
    assert ko.keys() == en.keys()
    assert all(value.strip() for value in [*ko.values(), *en.values()])


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(APP)))
def test_no_script_writes_markup_or_keeps_anything_in_local_storage(path):
    # Comments may say why not; the code may not do it.
    code = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)

    assert "innerHTML" not in code and "insertAdjacentHTML" not in code
    assert "localStorage" not in code
