"""Local development: `make run`. SQLite and in-process tasks unless configured otherwise."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# SQLite cannot enforce "nulls not distinct" (the service checks it too) nor covering indexes;
# PostgreSQL, the production database, has both.
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
