import pytest
from django.core.cache import cache

# The browser fixtures (a shared Chromium and a page per test) for the reporting axe checks.
from tests.browser.conftest import chromium, pagina  # noqa: F401


@pytest.fixture(autouse=True)
def lege_cache():
    """The dashboard caches per recomputation; every test starts without it."""
    cache.clear()
    yield
    cache.clear()
