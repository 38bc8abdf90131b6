"""The suite on SQLite, the database of `make run` without DATABASE_URL (make test runs both).

Tests that need PostgreSQL (triggers, locking, a real worker) are marked `postgres` and skipped
here (tests/conftest.py).
"""

from .dev import SILENCED_SYSTEM_CHECKS  # noqa: F401
from .test import *  # noqa: F401,F403
from .test import BASE_DIR

# Every xdist worker has its own in-memory test database. pytest-django leaves the test name
# alone only for the ENGINE "django.db.backends.sqlite3"; for kern.sqlite (the same backend) it
# would append the worker's suffix to a file name ("test_.../db.sqlite3_gw1") unless the test
# name is said to be in memory.
DATABASES = {
    "default": {
        "ENGINE": "kern.sqlite",
        "NAME": BASE_DIR / "db.sqlite3",
        "TEST": {"NAME": ":memory:"},
    }
}
