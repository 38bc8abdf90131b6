"""Local development: `make run`. SQLite and in-process tasks unless configured otherwise."""

from .base import *  # noqa: F401,F403
from .base import BSN_ENCRYPTION_KEY, LOGGING, SECRET_KEY, env_bool

# Off by default, so a newcomer sees the product's own Dutch 404 and 500 pages and never
# Django's technical page that lists every URL. DJANGO_DEBUG=1 turns it on for development.
DEBUG = env_bool("DJANGO_DEBUG", False)

# Without DEBUG, runserver serves no static files: WhiteNoise serves them straight from the
# finders (app folders, static/ and node_modules), so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if not BSN_ENCRYPTION_KEY:
    # Development only, so that a fresh `make run` works (and an existing db.sqlite3 stays
    # readable): a key derived from the development SECRET_KEY. Production refuses to start
    # without its own key (production.py); kern.bsn never derives one.
    import base64
    import hashlib

    BSN_ENCRYPTION_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(SECRET_KEY.encode()).digest()
    ).decode()

# In-process tasks (no REDIS_URL) would log a line for every recomputation: only problems.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# SQLite cannot enforce "nulls not distinct" (the service checks it too) nor covering indexes;
# PostgreSQL, the production database, has both.
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
