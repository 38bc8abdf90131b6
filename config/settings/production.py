"""Production: PostgreSQL, Redis and a real Celery worker; secure defaults."""

from .base import *  # noqa: F401,F403
from .base import (
    BSN_ENCRYPTION_KEY,
    BSN_ENCRYPTION_KEYS_OUD,
    BSN_ZOEKSLEUTEL_KEY,
    DATABASE_URL,
    MFA_VERPLICHT,
    REDIS_URL,
    SECRET_KEY,
    env,
    env_bool,
)

if not DATABASE_URL or not REDIS_URL:
    raise RuntimeError("Zet DATABASE_URL en REDIS_URL voor productie.")
if SECRET_KEY.startswith("onveilige") or len(SECRET_KEY) < 50:
    raise RuntimeError("Zet een eigen, lange DJANGO_SECRET_KEY voor productie.")
if not MFA_VERPLICHT:
    # BIO 9.4.2.1: the bypass is for a developer machine only.
    raise RuntimeError(
        "MFA_VERPLICHT=false mag niet in productie: tweestapsverificatie is verplicht."
    )


def _is_fernet_sleutel(sleutel: str) -> bool:
    import base64
    import binascii

    try:
        return len(base64.urlsafe_b64decode(sleutel.encode())) == 32
    except (binascii.Error, ValueError):
        return False


# No derivation from SECRET_KEY: rotating that key must never make the stored BSNs unreadable.
if not BSN_ENCRYPTION_KEY:
    raise RuntimeError(
        "Zet BSN_ENCRYPTION_KEY voor productie (een Fernet-sleutel; zie README, 'BSN storage')."
    )
if not all(_is_fernet_sleutel(s) for s in [BSN_ENCRYPTION_KEY, *BSN_ENCRYPTION_KEYS_OUD]):
    raise RuntimeError(
        "BSN_ENCRYPTION_KEY of BSN_ENCRYPTION_KEYS_OUD is geen geldige Fernet-sleutel "
        "(32 bytes, url-safe base64)."
    )

# The search hash has its own key as well: falling back to BSN_ENCRYPTION_KEY would tie it to the
# key that rotates, and a changed hash makes every BSN unfindable and duplicates undetected.
if not BSN_ZOEKSLEUTEL_KEY:
    raise RuntimeError(
        "Zet BSN_ZOEKSLEUTEL_KEY voor productie (de sleutel van de BSN-zoekhash; bij een "
        "bestaande installatie de huidige BSN_ENCRYPTION_KEY; zie README, 'BSN storage')."
    )
# A short HMAC key can be guessed, and with it every BSN hash recomputed from the 10^9 BSNs;
# a Fernet key (44 characters) is long enough.
if len(BSN_ZOEKSLEUTEL_KEY) < 32:
    raise RuntimeError(
        "BSN_ZOEKSLEUTEL_KEY is te kort: gebruik minstens 32 willekeurige tekens "
        "(bijvoorbeeld een Fernet-sleutel)."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
