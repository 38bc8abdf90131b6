"""Browser tests: Debian's Chromium driven by Playwright (sync API) against pytest's live server.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety guard must
be relaxed for these tests only.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WACHTWOORD = "geheim-genoeg-123"


_gestart: dict = {}


def gedeelde_browser():
    """One Chromium per test process, however many modules import the `chromium` fixture.

    Playwright's sync API allows one instance per thread; test modules of several apps import
    this fixture, which registers it once per module, so the browser itself is shared here and
    stopped when the session ends (tests/conftest.py: pytest_sessionfinish).
    """
    if "browser" not in _gestart:
        sync_api = pytest.importorskip("playwright.sync_api")
        if not Path(CHROMIUM).exists():
            pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: installeer het met `make chromium`.")
        playwright = sync_api.sync_playwright().start()
        _gestart["playwright"] = playwright
        _gestart["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
    return _gestart["browser"]


def stop_browser():
    if "browser" in _gestart:
        _gestart.pop("browser").close()
        _gestart.pop("playwright").stop()


@pytest.fixture(scope="session")
def chromium():
    return gedeelde_browser()


@pytest.fixture
def pagina(chromium):
    # bypass_csp: axe-core is injected into the page, which our CSP (rightly) forbids.
    context = chromium.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    # axe-core is loaded into every page when it is created, before the page's own scripts.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def inloggen(page, live_server, username: str, wachtwoord: str = WACHTWOORD):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def axe_schendingen(page) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.1 A/AA rules; returns the violations."""
    # A click that submits a form returns before the browser starts the navigation, so
    # axe can begin on the old document and lose it half-way ("Cannot read properties of
    # null (reading 'documentElement')", or "Execution context was destroyed"). That is a
    # race of the test, not a finding: wait for the new page to load and run axe again.
    for poging in range(3):
        page.wait_for_load_state("load")
        try:
            # resultTypes: only violations get full node details: several times faster.
            resultaat = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                WCAG_TAGS,
            )
        except Exception as fout:  # playwright's Error; imported lazily, as above
            if poging == 2 or not _navigatie_tijdens_axe(fout):
                raise
            page.wait_for_timeout(200)
            continue
        return resultaat["violations"]
    raise AssertionError("onbereikbaar")


def _navigatie_tijdens_axe(fout: Exception) -> bool:
    tekst = str(fout)
    return "documentElement" in tekst or "Execution context was destroyed" in tekst


def beschrijf(schendingen: list[dict]) -> str:
    regels = []
    for s in schendingen:
        regels.append(f"- {s['id']} ({s.get('impact')}): {s['help']} [{s['helpUrl']}]")
        for node in s["nodes"][:5]:
            regels.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(regels)
