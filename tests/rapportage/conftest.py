# The browser fixtures (a shared Chromium and a page per test) for the reporting axe checks.
from tests.browser.conftest import chromium, pagina  # noqa: F401
