# The Chromium fixtures of the browser tests, for test_browser.py in this folder.
from tests.browser.conftest import chromium, pagina  # noqa: F401
