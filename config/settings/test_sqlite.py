"""The suite on SQLite, the database of `make run` without DATABASE_URL (make test runs both).

Tests that need PostgreSQL (triggers, locking, a real worker) are marked `postgres` and skipped
here (tests/conftest.py).
"""

from .dev import SILENCED_SYSTEM_CHECKS  # noqa: F401
from .test import *  # noqa: F401,F403
from .test import BASE_DIR

# pytest-django gives every xdist worker its own in-memory test database.
DATABASES = {"default": {"ENGINE": "kern.sqlite", "NAME": BASE_DIR / "db.sqlite3"}}
