"""Small modules and short functions: past ~400 lines a module becomes a package, past ~60 lines a
function is split (docs/architecture.md). Migrations are generated and do not count."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGES = ("voc_portal", "inquiries", "reviews", "refunds", "insights")
MODULE_LIMIT = 400
FUNCTION_LIMIT = 60


def _modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_its_functions_stay_small_when_code_is_added(path):
    source = path.read_text(encoding="utf-8")
    long_functions = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > FUNCTION_LIMIT
    ]

    assert source.count("\n") <= MODULE_LIMIT
    assert long_functions == []
