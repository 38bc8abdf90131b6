"""The server of the load run (tests/test_last_en_herstel.py, make bench): the test database
and the test's users, otherwise as production serves.

The test settings suit a test process that talks to itself; a server under load with them
would measure things production never does: a new PostgreSQL connection for every request
(no CONN_MAX_AGE), a cache per gunicorn process (the planning's "one recomputation per
burst" would be per process) and a recomputation sent for every change (no delay).
"""

from .base import HERBEREKENING_UITSTEL_SECONDEN as PRODUCTIE_UITSTEL
from .test import *  # noqa: F401,F403
from .test import DATABASES, REDIS_URL

DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}
HERBEREKENING_UITSTEL_SECONDEN = PRODUCTIE_UITSTEL
