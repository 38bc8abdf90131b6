"""Settings shared by every environment.

Every environment variable the product reads is read here, and listed in .env.example.
With nothing configured the product runs on SQLite and runs Celery tasks in-process,
so that a newcomer has a working product after `make run`.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "ja"}


SECRET_KEY = env("DJANGO_SECRET_KEY", "onveilige-ontwikkelsleutel-alleen-voor-lokaal-gebruik")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# The BSN is stored encrypted with this key (Fernet); a keyed hash finds duplicates. See
# kern/bsn.py and README "BSN storage": earlier keys stay readable during a rotation, and the
# hash has its own key so that a rotation does not change it.
BSN_ENCRYPTION_KEY = env("BSN_ENCRYPTION_KEY", "")
BSN_ENCRYPTION_KEYS_OUD = [s for s in env("BSN_ENCRYPTION_KEYS_OUD", "").split(",") if s.strip()]
BSN_ZOEKSLEUTEL_KEY = env("BSN_ZOEKSLEUTEL_KEY", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "kern",
    "inburgering",
    "spuk",
    "uitvoering",
    "werkboek",
    "rapportage",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "koppelingen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "koppelingen.api.middleware.ApiVersieMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django_otp.middleware.OTPMiddleware with the device read in one raw statement.
    "kern.otp.SnelleOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it tells why), before the login check (which then sends to the login page).
    "kern.sessie.InactiefUitloggenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login check: a logged-in user without a second factor goes to the code page.
    "kern.mfa.MfaMiddleware",
    # After the second factor: a password a beheerder set must be changed first.
    "kern.wachtwoord.WachtwoordWijzigenMiddleware",
    # Axes must be last: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kern.context_processors.gemeenten",
                "kern.context_processors.navigatie",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL", "")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)
    if DATABASE_URL
    else {"ENGINE": "kern.sqlite", "NAME": BASE_DIR / "db.sqlite3"}
}
# SQLite through kern.sqlite (sums of amounts in cents), also when named by DATABASE_URL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "kern.sqlite"


# PostgreSQL's JIT compiler judges the report aggregates expensive and spends longer compiling
# them than running them (measured 0.3-1.7 s per query on the bench dataset): switch it off.
def postgres_opties(database: dict) -> dict:
    if "postgresql" in database["ENGINE"]:
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return database


postgres_opties(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "kern.inlogbeperking.AdresLimietBackend",  # per address, across user names (spraying)
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Does nothing unless OIDC_AAN (kern/oidc.py).
    "kern.oidc.GemeenteOidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "kern.wachtwoord.MinimaleLengte",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "kern.views.csrf_fout"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "kern:start"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
# Not on the password alone: with MFA, a reset there would let a password holder guess codes
# without end. kern/mfa.py resets after the full login (password and code, or SSO).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Behind the reverse proxy: the client address comes from X-Forwarded-For, trusted only from
# these proxies (addresses or networks, comma-separated); empty: REMOTE_ADDR as it is.
VERTROUWDE_PROXIES = [p.strip() for p in env("VERTROUWDE_PROXIES", "").split(",") if p.strip()]
AXES_CLIENT_IP_CALLABLE = "kern.inlogbeperking.client_ip"
# Failures from one address across all user names, within AXES_COOLOFF_TIME.
INLOG_MAX_PER_ADRES = int(env("INLOG_MAX_PER_ADRES", "20"))

# --- Login as the BIO asks (README, "Inloggen") ---
# Two-factor (BIO 9.4.2.1): every local account needs a code from an authenticator app (TOTP)
# or a recovery code. Off only on a developer machine: production refuses to start without it.
MFA_VERPLICHT = env_bool("MFA_VERPLICHT", True)
OTP_TOTP_ISSUER = "Inburgering financiën"
# A logged-in session ends after this many minutes without a request.
SESSIE_INACTIEF_MINUTEN = int(env("SESSIE_INACTIEF_MINUTEN", "30"))
# At the latest after a working day, however active.
SESSION_COOKIE_AGE = 60 * 60 * 8
# Django's database sessions, read per request by a prepared statement (kern/sessieopslag.py).
SESSION_ENGINE = "kern.sessieopslag"

# SSO by OpenID Connect against the gemeente's identity provider (mozilla-django-oidc),
# configured here only, so that it also runs on SQLite. Off by default.
OIDC_AAN = env_bool("OIDC_AAN", False)
# The name on the login button: "Inloggen via <naam>".
OIDC_IDP_NAAM = env("OIDC_IDP_NAAM", "uw gemeente")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
# The claim that names an existing user: preferred_username (matched to the user name) or email
# (matched to the e-mail address). Unknown users are refused, never created: a beheerder creates
# the user and grants roles first.
OIDC_GEBRUIKER_CLAIM = env("OIDC_GEBRUIKER_CLAIM", "preferred_username")
OIDC_CREATE_USER = False
# The identity provider does the second factor, so SSO logins skip ours. Set false to ask for
# our code after SSO too.
OIDC_MFA_DOOR_IDP = env_bool("OIDC_MFA_DOOR_IDP", True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # NL Design System CSS comes from npm (make assets), never copied into the repository.
    ("nlds/component-library-css", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("nlds/design-tokens", BASE_DIR / "node_modules/@utrecht/design-tokens/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"

# Celery: with a REDIS_URL a real worker runs the tasks; without, they run in-process.
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A stuck task must not hold a worker for ever. At the soft limit the task gets
# SoftTimeLimitExceeded, which the services handle like any failure (a recomputation is marked
# MISLUKT and the nightly run repairs it; an import is marked MISLUKT and nothing is saved);
# at the hard limit the worker process is killed. One gemeente or one workbook takes seconds to
# a few minutes; a batch of the nightly run (many gemeenten in one transaction) gets an hour.
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 20 * 60
CELERY_TASK_ANNOTATIONS = {
    "spuk.tasks.herbereken_gemeenten": {
        "soft_time_limit": 60 * 60,
        "time_limit": 60 * 60 + 10 * 60,
    },
}
# The nightly recomputation is a group of batches of this many gemeenten: small enough that two
# or more worker processes share the work, large enough that each batch's aggregates stay few.
SPUK_NACHT_BATCHGROOTTE = 25
CELERY_BEAT_SCHEDULE = {
    "nachtelijke-herberekening": {
        "task": "spuk.tasks.herbereken_alle_gemeenten",
        "schedule": 60 * 60 * 24,
        "options": {"expires": 60 * 60 * 6},
    },
    # Uploaded workbooks hold BSNs: deleted after import or refusal, and after 24 hours.
    "uploads-opruimen": {
        "task": "werkboek.tasks.ruim_uploads_op",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 30},
    },
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Product settings
# An open commitment with no invoice for this many months is a signal.
# Uploaded workbooks (kern/afscherming.py: the import and DUO's count): what a real workbook
# never exceeds, and the limits of the separate process that reads it.
WERKBOEK_MAX_ONDERDELEN = int(env("WERKBOEK_MAX_ONDERDELEN", "1000"))
WERKBOEK_MAX_UITGEPAKT = int(env("WERKBOEK_MAX_UITGEPAKT_MB", "300")) * 1024 * 1024
WERKBOEK_AFGESCHERMD = env_bool("WERKBOEK_AFGESCHERMD", True)
# Below gunicorn's request timeout (config/gunicorn.conf.py, 60 s): DUO's count, the SiSa list
# and the finance export are read inside the request, so the reader must give its Dutch refusal
# before gunicorn kills the request without one.
WERKBOEK_MAX_SECONDEN = int(env("WERKBOEK_MAX_SECONDEN", "45"))
WERKBOEK_BEWAARTERMIJN_UREN = int(env("WERKBOEK_BEWAARTERMIJN_UREN", "24"))
WERKBOEK_MAX_GEHEUGEN = int(env("WERKBOEK_MAX_GEHEUGEN_MB", "1024")) * 1024 * 1024

SIGNAAL_MAANDEN_ZONDER_FACTUUR = int(env("SIGNAAL_MAANDEN_ZONDER_FACTUUR", "4"))
# Seconds to wait after a change before recomputing, so that a burst of changes gives one run.
HERBEREKENING_UITSTEL_SECONDEN = int(env("HERBEREKENING_UITSTEL_SECONDEN", "2"))
PRODUCTIEVE_UREN_PER_FTE = Decimal(env("PRODUCTIEVE_UREN_PER_FTE", "1364"))

DJANGO_TABLES2_TEMPLATE = "kern/tabel.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "utrecht-table utrecht-table--html-table"}

# Content Security Policy (django-csp 4): only our own scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

FORM_RENDERER = "kern.formulieren.UtrechtFormRenderer"

# The REST API (koppelingen.api): bearer tokens of API clients, camelCase JSON, problem+json.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["koppelingen.api.authenticatie.TokenAuthenticatie"],
    "DEFAULT_PERMISSION_CLASSES": ["koppelingen.api.authenticatie.HeeftScope"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["koppelingen.api.parsers.JsonParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "koppelingen.api.fouten.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inburgering financiën API",
    "DESCRIPTION": (
        "De REST API van één gemeente: lezen (scope `lezen`) en facturen boeken (scope "
        "`facturen_boeken`). Authenticatie met `Authorization: Bearer <token>`. Bedragen zijn "
        "tekst met twee decimalen; fouten zijn application/problem+json."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "koppelingen.api.schema.ontwerpregels",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LeerrouteEnum": "inburgering.codes.Leerroute",
        "StatusEnum": "inburgering.codes.Status",
    },
}
