import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def lege_cache():
    """The debounce keys live in the cache; every test starts without a waiting run."""
    cache.clear()
    yield
    cache.clear()
