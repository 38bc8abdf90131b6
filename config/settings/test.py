"""The test suite: PostgreSQL and Redis, as in production (make test)."""

import dj_database_url

from .base import *  # noqa: F401,F403
from .base import env, env_bool, postgres_opties

DATABASE_URL = env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/inburgering")
DATABASES = {"default": postgres_opties(dj_database_url.parse(DATABASE_URL))}
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Most tests run tasks in-process; the fault tests start a real worker on Redis
# (a worker subprocess runs with CELERY_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HERBEREKENING_UITSTEL_SECONDEN = 0
# Hundreds of small workbooks: read in-process; tests of the limits switch the process on.
WERKBOEK_AFGESCHERMD = False
BSN_ENCRYPTION_KEY = "dGVzdHNsZXV0ZWwtdGVzdHNsZXV0ZWwtdGVzdHNsZXU="
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The tests serve static files from the finders, not from a collected staticfiles/ folder.
WHITENOISE_AUTOREFRESH = True

# The suite logs in with force_login and the password form; the MFA tests (tests/kern/test_mfa.py)
# switch enforcement on with the `mfa_aan` fixture.
MFA_VERPLICHT = env_bool("MFA_VERPLICHT", False)
