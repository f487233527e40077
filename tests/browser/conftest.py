"""Browser test harness: Playwright (sync API) driving the system Chromium headless against
pytest-django's live server.

    @pytest.mark.browser
    def test_something(page, login, screenshot, developer):
        login(page, developer.user)
        page.goto("/inquiries/")
        screenshot(page, "inquiries-inbox")

Fixtures: `browser` (one Chromium per session), `page` (a fresh context per test, base_url set to
the live server so page.goto("/path/") works), `login(page, user)` (signs in through the real
form with the factories' password), `screenshot(page, name)` (saves artifacts/screenshots/
<name>.png; artifacts/ is git-ignored and kept by CI). Without /usr/bin/chromium every browser
test is skipped with the reason (CI installs Debian's `chromium`).
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest

from tests.factories.accounts import PASSWORD

CHROMIUM = os.environ.get("VOC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts" / "screenshots"
# axe-core from npm (tests/browser/package.json, `make browser-deps`), injected from disk: no CDN.
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_IMPACTS = ("serious", "critical")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The sync API runs an event loop in this thread; Django's ORM calls from the test body are then
# seen as "async context". They are not: the test thread does not share the loop's work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _chromium_missing()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 860}, locale="en-US"
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # a test may assert there were none
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def login():
    def _login(pg, user, password: str = PASSWORD) -> None:
        pg.goto("/login/")
        pg.get_by_label("Email address").fill(user.email)
        pg.get_by_label("Password").fill(password)
        pg.get_by_role("button", name="Sign in").click()
        pg.wait_for_load_state("networkidle")
        assert "/login/" not in pg.url, f"sign-in failed for {user.email}"

    return _login


@pytest.fixture
def screenshot():
    def _screenshot(pg, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        gallery_index_write()
        return path

    return _screenshot


def axe_install(context) -> None:
    """Every page of the context gets axe-core before its own scripts (CSP does not apply)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser-deps` (npm ci in tests/browser)")
    context.add_init_script(path=str(AXE))


_AXE_RUN = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's serious and critical axe-core violations (id, impact, help, first nodes)."""
    return page.evaluate(_AXE_RUN, list(AXE_IMPACTS))


def gallery_index_write() -> Path:
    """artifacts/screenshots/index.html: every screenshot, by folder (<viewport>-<lang>/ for the
    tour, the top level for single journeys), linked and shown small."""
    shots = sorted(p.relative_to(ARTIFACTS).as_posix() for p in ARTIFACTS.rglob("*.png"))
    groups: dict[str, list[str]] = {}
    for name in shots:
        groups.setdefault(name.rpartition("/")[0] or "journeys", []).append(name)
    sections = "\n".join(
        f"<h2>{html.escape(group)} ({len(names)})</h2><ul>"
        + "".join(
            f'<li><a href="{html.escape(n)}"><img src="{html.escape(n)}" alt="" loading="lazy">'
            f"<br>{html.escape(n.rpartition('/')[2])}</a></li>"
            for n in names
        )
        + "</ul>"
        for group, names in sorted(groups.items())
    )
    page = (
        '<!doctype html><meta charset="utf-8"><title>VOC Portal screenshots</title>'
        "<style>body{font:14px system-ui,sans-serif;margin:1rem}ul{list-style:none;padding:0;"
        "display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}"
        "img{width:100%;max-height:320px;object-fit:cover;object-position:top;"
        "border:1px solid #ccd}</style>"
        f"<h1>VOC Portal screenshots ({len(shots)})</h1>{sections}"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    index = ARTIFACTS / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
